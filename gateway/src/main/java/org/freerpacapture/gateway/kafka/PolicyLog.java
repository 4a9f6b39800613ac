package org.freerpacapture.gateway.kafka;

import java.util.Optional;

/**
 * The rule by which every replica reads the policy topic, in log order, to the same policy.
 *
 * <ul>
 *   <li>The first record read is the base: on a compacted topic it is the newest change of the compacted part.</li>
 *   <li>A change applies when it was made on the version in force ({@code parent}); otherwise another change on
 *       that version came first, and it lost, everywhere.</li>
 *   <li>A restatement says what was in force when it was written. It applies when it is newer than the version in
 *       force, or names another change for that same version: then this replica's base was a change that lost,
 *       left first by compaction, and the restatement sets it right. Otherwise it changes nothing.</li>
 * </ul>
 *
 * <p>Not thread-safe: one reader feeds it.
 */
public final class PolicyLog {

    /** What reading one record did. */
    public enum Verdict {
        /** The first record read, put in force. */
        BASE,
        /** A change on the version in force, put in force. */
        APPLIED,
        /** A restatement that corrected the policy in force. */
        CORRECTED,
        /** A change on a version no longer in force: ignored. */
        LOST,
        /** A restatement of what is in force, or of something older: ignored. */
        RESTATED;

        public boolean putsInForce() {
            return this == BASE || this == APPLIED || this == CORRECTED;
        }
    }

    private PolicyRecord inForce;
    private PolicyRecord last;

    /** Reads the next record of the topic. */
    public Verdict read(PolicyRecord record) {
        last = record;
        Verdict verdict = judge(record);
        if (verdict.putsInForce()) {
            inForce = record;
        }
        return verdict;
    }

    private Verdict judge(PolicyRecord record) {
        if (inForce == null) {
            return Verdict.BASE;
        }
        if (record.isRestatement()) {
            boolean newer = record.version() > inForce.version();
            boolean otherForSameVersion = record.version() == inForce.version()
                    && !record.proposal().equals(inForce.proposal());
            return newer || otherForSameVersion ? Verdict.CORRECTED : Verdict.RESTATED;
        }
        return record.parent() == inForce.version() ? Verdict.APPLIED : Verdict.LOST;
    }

    /** The change in force; empty until a record was read. */
    public Optional<PolicyRecord> inForce() {
        return Optional.ofNullable(inForce);
    }

    /** The version in force; 0 until a record was read. */
    public long version() {
        return inForce == null ? 0 : inForce.version();
    }

    /**
     * Whether the newest record read states the change in force. When it does not (it lost, or restates something
     * older), compaction could leave it as a later reader's base, so the policy in force must be restated.
     */
    public boolean tailInForce() {
        return last == null || (inForce != null && last.version() == inForce.version()
                && last.proposal().equals(inForce.proposal()));
    }
}
