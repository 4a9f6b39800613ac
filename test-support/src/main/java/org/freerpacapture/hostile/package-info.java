/** Documents built to cost a reader as much as possible for their size, for tests that prove the limits hold. */
package org.freerpacapture.hostile;
