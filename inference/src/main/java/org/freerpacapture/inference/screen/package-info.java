/**
 * Interface controls in screenshots: {@link org.freerpacapture.inference.screen.ControlDetector} finds inputs,
 * buttons, checkboxes and dropdowns from the pixels, with the words read on the screen as a hint, and returns
 * {@link org.freerpacapture.inference.screen.Control}s. Blocking CPU work: run it on a bounded worker pool.
 */
package org.freerpacapture.inference.screen;
