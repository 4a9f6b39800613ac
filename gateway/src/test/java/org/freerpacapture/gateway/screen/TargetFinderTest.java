package org.freerpacapture.gateway.screen;

import org.freerpacapture.inference.screen.ControlType;
import org.freerpacapture.ocr.Polygon;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which control a label belongs to, on a form laid out the usual ways; labels are 20 px high. */
class TargetFinderTest {

    private static ScreenMatch label(String text, double left, double top, double right) {
        Polygon box = Polygon.rectangle(left, top, right, top + 20);
        return new ScreenMatch(text, text, 1.0, 1, Point.centerOf(box), box, 0.99, null);
    }

    private static ScreenControl control(String type, double left, double top, double right, double bottom) {
        Polygon box = Polygon.rectangle(left, top, right, bottom);
        return new ScreenControl(type, 1, box, Point.centerOf(box));
    }

    private static final ScreenControl VENDOR = control("input", 200, 40, 500, 74);
    private static final ScreenControl INVOICE = control("input", 580, 70, 880, 104);
    private static final ScreenControl CURRENCY = control("dropdown", 200, 110, 360, 144);
    private static final ScreenControl PAID = control("checkbox", 40, 180, 58, 198);
    private static final ScreenControl REMIT = control("checkbox", 40, 210, 58, 228);
    private static final ScreenControl SUBMIT = control("button", 200, 250, 320, 290);
    private static final List<ScreenControl> FORM = List.of(VENDOR, INVOICE, CURRENCY, PAID, REMIT, SUBMIT);

    private static ScreenTarget target(ScreenMatch label, ControlType type) {
        return TargetFinder.targetOf(label, type, FORM).orElseThrow();
    }

    @Test
    void an_input_to_the_right_on_the_same_row_belongs_to_its_label() {
        ScreenTarget found = target(label("Vendor", 40, 47, 97), ControlType.INPUT);

        assertEquals(VENDOR.polygon(), found.polygon());
        assertEquals(new Point(350, 57), found.center());
        assertTrue(found.score() > 0.5 && found.score() < 1, "farther than a label above: " + found);
    }

    @Test
    void an_input_just_below_in_the_same_column_belongs_to_its_label() {
        ScreenTarget found = target(label("Invoice number", 580, 44, 705), ControlType.INPUT);

        assertEquals(INVOICE.polygon(), found.polygon());
        assertTrue(found.score() > 0.8, found.toString());
    }

    @Test
    void the_kind_asked_for_is_the_kind_returned() {
        ScreenMatch currency = label("Currency", 40, 117, 112);

        assertEquals(CURRENCY.polygon(), target(currency, ControlType.DROPDOWN).polygon());
        assertEquals("dropdown", target(currency, ControlType.DROPDOWN).type());
        assertEquals(Optional.empty(), TargetFinder.targetOf(currency, ControlType.INPUT, FORM),
                "the Vendor input is neither on Currency's row nor below it");
    }

    @Test
    void a_checkbox_is_the_one_beside_its_label_not_the_one_below() {
        assertEquals(PAID.polygon(), target(label("Paid in full", 68, 179, 150), ControlType.CHECKBOX).polygon());
        assertEquals(REMIT.polygon(),
                target(label("Send remittance advice", 68, 209, 258), ControlType.CHECKBOX).polygon());
    }

    @Test
    void of_two_checkboxes_equally_near_the_one_on_the_left_is_the_labels() {
        ScreenControl urgent = control("checkbox", 270, 521, 283, 534);
        ScreenControl canWait = control("checkbox", 338, 521, 351, 534);
        ScreenMatch label = label("Urgent", 287, 518, 334);

        ScreenTarget found = TargetFinder.targetOf(label, ControlType.CHECKBOX, List.of(urgent, canWait)).orElseThrow();

        assertEquals(urgent.polygon(), found.polygon());
    }

    @Test
    void a_button_holding_the_text_is_the_target_outright() {
        ScreenTarget found = target(label("Submit", 236, 260, 284), ControlType.BUTTON);

        assertEquals(SUBMIT.polygon(), found.polygon());
        assertEquals(1.0, found.score());
    }

    @Test
    void a_control_out_of_reach_or_on_another_page_is_none() {
        ScreenMatch far = label("Notes", 40, 600, 90);
        assertEquals(Optional.empty(), TargetFinder.targetOf(far, ControlType.INPUT, FORM));

        ScreenControl onPageTwo = new ScreenControl("input", 2, VENDOR.polygon(), VENDOR.center());
        assertEquals(Optional.empty(),
                TargetFinder.targetOf(label("Vendor", 40, 47, 97), ControlType.INPUT, List.of(onPageTwo)));
    }

    @Test
    void of_equally_good_matches_the_one_labelling_such_a_control_ranks_first() {
        ScreenMatch onATab = label("Customer", 26, 0, 81);
        ScreenMatch besideAField = label("Customer", 100, 47, 170);

        List<ScreenMatch> ranked = TargetFinder.label(List.of(onATab, besideAField), ControlType.INPUT, FORM, 5);

        assertEquals(besideAField.polygon(), ranked.get(0).polygon());
        assertEquals(VENDOR.polygon(), ranked.get(0).target().polygon());
        assertNull(ranked.get(1).target());
        assertEquals(1, TargetFinder.label(List.of(onATab, besideAField), ControlType.INPUT, FORM, 1).size());
    }
}
