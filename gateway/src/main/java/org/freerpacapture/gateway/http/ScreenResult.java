package org.freerpacapture.gateway.http;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.freerpacapture.gateway.screen.ScreenControl;
import org.freerpacapture.gateway.screen.ScreenElement;
import org.freerpacapture.gateway.screen.ScreenMatch;

import java.util.List;

/**
 * The screen answer: the unified result, every line and word as an element with its click point, the interface
 * controls seen in the pixels, and the matches of each {@code ?find=} text.
 */
public record ScreenResult(@JsonUnwrapped AnalyzeResult result, List<ScreenElement> elements,
                           List<ScreenControl> controls, List<ScreenMatch> matches) {
}
