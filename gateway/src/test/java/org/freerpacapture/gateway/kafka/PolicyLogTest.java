package org.freerpacapture.gateway.kafka;

import org.freerpacapture.gateway.kafka.PolicyLog.Verdict;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The apply rule every replica follows, over sequences of records as the topic could hold them. */
class PolicyLogTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    /** A change on {@code parent} whose policy gives variant a the weight {@code a}, so contents differ. */
    private static PolicyRecord change(long version, long parent, int a, String proposal) {
        return new PolicyRecord(version, parent, TwoVariants.policy(a, 100 - a), "alice", "update", "", AT,
                "replica-1", proposal, null, null);
    }

    private static List<Verdict> readAll(PolicyLog log, PolicyRecord... records) {
        List<Verdict> verdicts = new ArrayList<>();
        for (PolicyRecord r : records) {
            verdicts.add(log.read(r));
        }
        return verdicts;
    }

    private static int weightOfA(PolicyLog log) {
        return log.inForce().orElseThrow().policy().route("ab").orElseThrow().variant("a").orElseThrow().weight();
    }

    @Test
    void changes_on_the_version_in_force_apply_in_log_order_and_a_second_change_on_the_same_version_loses() {
        PolicyLog log = new PolicyLog();
        PolicyRecord winner = change(2, 1, 70, "p-win");
        List<Verdict> verdicts = readAll(log, change(1, 0, 50, "p-seed"), winner, change(2, 1, 90, "p-lose"),
                change(3, 2, 60, "p-next"));

        assertEquals(List.of(Verdict.BASE, Verdict.APPLIED, Verdict.LOST, Verdict.APPLIED), verdicts);
        assertEquals(3, log.version());
        assertEquals(60, weightOfA(log));
        assertTrue(log.tailInForce());
    }

    @Test
    void a_loser_leaves_the_tail_stale_until_the_winner_is_restated_which_changes_nothing() {
        PolicyLog log = new PolicyLog();
        PolicyRecord winner = change(2, 1, 70, "p-win");
        readAll(log, change(1, 0, 50, "p-seed"), winner, change(2, 1, 90, "p-lose"));
        assertFalse(log.tailInForce(), "the loser is the newest record");

        assertEquals(Verdict.RESTATED, log.read(winner.restatedBy("replica-2")));
        assertTrue(log.tailInForce());
        assertEquals(2, log.version());
        assertEquals(70, weightOfA(log));
    }

    @Test
    void two_seeds_on_an_empty_topic_the_first_written_is_the_base_and_the_second_loses() {
        PolicyLog log = new PolicyLog();
        List<Verdict> verdicts = readAll(log, change(1, 0, 50, "seed-a"), change(1, 0, 20, "seed-b"));
        assertEquals(List.of(Verdict.BASE, Verdict.LOST), verdicts);
        assertEquals(50, weightOfA(log));
    }

    @Test
    void after_compaction_the_first_record_is_the_base_whatever_its_parent() {
        PolicyLog log = new PolicyLog();
        List<Verdict> verdicts = readAll(log, change(7, 6, 40, "p7"), change(8, 7, 30, "p8"),
                change(8, 7, 10, "p8-late"));
        assertEquals(List.of(Verdict.BASE, Verdict.APPLIED, Verdict.LOST), verdicts);
        assertEquals(8, log.version());
        assertEquals(30, weightOfA(log));
    }

    @Test
    void a_compacted_base_that_had_lost_is_corrected_by_the_restated_winner() {
        // Written: winner(5), loser(5) | restated winner(5). Compaction kept the loser as the first record.
        PolicyRecord winner = change(5, 4, 70, "p-win");
        PolicyRecord loser = change(5, 4, 90, "p-lose");
        PolicyLog log = new PolicyLog();

        assertEquals(Verdict.BASE, log.read(loser));
        assertEquals(Verdict.CORRECTED, log.read(winner.restatedBy("replica-2")));
        assertEquals(70, weightOfA(log));
        assertEquals("p-win", log.inForce().orElseThrow().proposal());

        // A replica that read the whole topic ends on the same policy.
        PolicyLog whole = new PolicyLog();
        readAll(whole, change(4, 3, 50, "p4"), winner, loser, winner.restatedBy("replica-2"));
        assertEquals(whole.version(), log.version());
        assertEquals(whole.inForce().orElseThrow().policy(), log.inForce().orElseThrow().policy());
    }

    @Test
    void a_restatement_overtaken_by_a_newer_change_is_ignored_and_leaves_the_tail_stale_until_restated_again() {
        PolicyRecord two = change(2, 1, 70, "p2");
        PolicyRecord three = change(3, 2, 60, "p3");
        PolicyLog log = new PolicyLog();
        readAll(log, change(1, 0, 50, "p1"), two, change(2, 1, 90, "lost"), three);

        assertEquals(Verdict.RESTATED, log.read(two.restatedBy("replica-2")), "written before version 3 was read");
        assertEquals(60, weightOfA(log));
        assertFalse(log.tailInForce());

        assertEquals(Verdict.RESTATED, log.read(three.restatedBy("replica-2")));
        assertTrue(log.tailInForce());
    }

    @Test
    void a_compacted_base_behind_the_topic_catches_up_through_the_restatements_that_follow() {
        // Written: 5, 6, a loser made on 4 | 7 (made on 6), 6 restated by the loser's replica before it read 7,
        // then 7 restated by it once it read its restatement back behind 7. Compaction kept the loser first.
        PolicyRecord five = change(5, 4, 55, "p5");
        PolicyRecord six = change(6, 5, 66, "p6");
        PolicyRecord seven = change(7, 6, 77, "p7");
        PolicyRecord[] tail = {seven, six.restatedBy("replica-3"), seven.restatedBy("replica-3")};
        PolicyLog log = new PolicyLog();
        log.read(change(5, 4, 11, "p5-lost"));

        assertEquals(List.of(Verdict.LOST, Verdict.CORRECTED, Verdict.CORRECTED), readAll(log, tail));
        assertEquals(7, log.version());
        assertEquals(77, weightOfA(log));

        PolicyLog whole = new PolicyLog();
        readAll(whole, five, six, change(5, 4, 11, "p5-lost"));
        assertEquals(List.of(Verdict.APPLIED, Verdict.RESTATED, Verdict.RESTATED), readAll(whole, tail));
        assertEquals(whole.inForce().orElseThrow().policy(), log.inForce().orElseThrow().policy());
        assertTrue(whole.tailInForce());
        assertTrue(log.tailInForce());
    }
}
