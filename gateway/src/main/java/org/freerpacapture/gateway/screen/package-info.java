/**
 * Screens for bots: every line and every word becomes a {@link org.freerpacapture.gateway.screen.ScreenElement}
 * with a click point (words are included because bots click words as often as lines), and
 * {@link org.freerpacapture.gateway.screen.ScreenMatcher} locates texts by normalized Levenshtein similarity over
 * words, runs of consecutive words, and lines. Controls found in the pixels become
 * {@link org.freerpacapture.gateway.screen.ScreenControl}s, and
 * {@link org.freerpacapture.gateway.screen.TargetFinder} gives a found label the control it belongs to. Pure
 * functions, no Vert.x.
 */
package org.freerpacapture.gateway.screen;
