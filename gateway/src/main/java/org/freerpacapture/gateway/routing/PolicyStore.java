package org.freerpacapture.gateway.routing;

import org.freerpacapture.gateway.routing.RoutingPolicy.Guard;
import org.freerpacapture.gateway.routing.RoutingPolicy.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The policy in force, and the only way to change it.
 *
 * <p>Readers call {@link #current()}: one volatile read of an immutable snapshot, never a lock, so the request
 * path is never held up by an admin change. Writers are serialized; each accepted change is validated as a whole
 * and held to the operator's {@link PolicyRule}, gets the next version (the ETag), is summarized in a bounded history
 * and handed to the change listeners.
 *
 * <p>Canary operations change weights as {@link CanaryWeights} describes: starting a canary at p% gives it weight
 * p and shares 100 − p among the other variants in proportion to their current weights; promote gives it 100 and
 * the others 0 and ends the canary; rollback sets it to 0.
 *
 * <p>When replicas share one policy ({@link #publishThrough}), a change is checked here as always but not put in
 * force here: it becomes a {@link Proposal} handed to the {@link Publisher}, and every replica puts the published
 * change in force through {@link #install}, in the order they were published.
 */
public final class PolicyStore {

    /** The actor recorded when a canary guard rolls a canary back by itself. */
    public static final String GUARD_ACTOR = "canary-guard";
    public static final int DEFAULT_HISTORY_LIMIT = 200;

    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    /** The policy and, per route with a live canary, when that canary began taking traffic. */
    private record State(RoutingPolicy policy, Map<String, Instant> canarySince) {
    }

    /**
     * A checked change, not yet in force.
     *
     * @param policy the policy it would put in force, with the version it would have: its parent's + 1
     * @param parent the version it was made on
     * @param at     when it was made
     */
    public record Proposal(RoutingPolicy policy, long parent, String actor, String action, String reason,
                           Instant at) {
    }

    /** Where checked changes go when the policy in force is shared with other replicas. */
    public interface Publisher {

        /**
         * Publishes the change and waits until this replica knows its fate: {@link UpdateResult.Accepted} once it
         * is in force here, {@link UpdateResult.Conflict} when another change on the same version came first,
         * {@link UpdateResult.Unavailable} when that cannot be known in time. Blocks; never call it holding a lock
         * that {@link #install} needs.
         */
        UpdateResult publish(Proposal proposal);
    }

    /** What a change call decided under the write lock: an answer, or a proposal to publish after it. */
    private record Step(UpdateResult answer, Proposal proposal) {
    }

    private final Clock clock;
    private final int historyLimit;
    private final PolicyValidator validator = new PolicyValidator();
    private final PolicyRule rule;
    private final AtomicReference<State> state;
    private final Object writeLock = new Object();
    private final ArrayDeque<PolicyChange> history = new ArrayDeque<>();
    private final List<Consumer<PolicyChange>> listeners = new CopyOnWriteArrayList<>();
    private volatile Publisher publisher;

    public PolicyStore(RoutingPolicy initial, Clock clock) {
        this(initial, clock, DEFAULT_HISTORY_LIMIT);
    }

    /**
     * @param initial a valid policy; its version is kept if above 0, else it becomes version 1
     * @throws InvalidPolicyException if {@code initial} is not valid
     */
    public PolicyStore(RoutingPolicy initial, Clock clock, int historyLimit) {
        this(initial, clock, historyLimit, PolicyRule.NONE);
    }

    /**
     * @param rule what every policy must keep beyond being valid, the initial one included
     * @throws InvalidPolicyException if {@code initial} is not valid or breaks {@code rule}
     */
    public PolicyStore(RoutingPolicy initial, Clock clock, int historyLimit, PolicyRule rule) {
        this.rule = rule;
        List<ValidationError> errors = check(initial);
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        this.clock = clock;
        this.historyLimit = Math.max(1, historyLimit);
        RoutingPolicy first = initial.version() > 0 ? initial : initial.withVersion(1);
        this.state = new AtomicReference<>(new State(first, canarySince(null, first, Map.of(), clock.instant())));
        remember(new PolicyChange(first.version(), clock.instant(), "gateway", "load", "",
                PolicyDiff.summarize(new RoutingPolicy(0, Map.of(), List.of()), first)));
    }

    /** What is wrong with {@code policy}: its validation errors, else what breaks the operator's rule. */
    public List<ValidationError> check(RoutingPolicy policy) {
        List<ValidationError> errors = validator.validate(policy);
        return errors.isEmpty() ? rule.check(policy) : errors;
    }

    /** The policy in force. Never locks. */
    public RoutingPolicy current() {
        return state.get().policy();
    }

    /** When the route's canary began taking traffic, while it does; its guard judges only what came after. */
    public Optional<Instant> canarySince(String route) {
        return Optional.ofNullable(state.get().canarySince().get(route));
    }

    /** Accepted changes, oldest first, at most the history limit. */
    public List<PolicyChange> history() {
        synchronized (writeLock) {
            return List.copyOf(history);
        }
    }

    /**
     * Called after each accepted change, in version order, on the thread that made it (under the write lock), or
     * that {@linkplain #install installed} it. A listener that blocks (saving to a file) blocks that caller: make
     * changes from a worker thread, not an event loop, when such a listener is registered.
     */
    public void onChange(Consumer<PolicyChange> listener) {
        listeners.add(listener);
    }

    /**
     * From now on, every checked change goes to {@code target} instead of being put in force here; what is
     * published is put in force through {@link #install}.
     */
    public void publishThrough(Publisher target) {
        this.publisher = target;
    }

    /**
     * Puts a published change in force exactly as published, its version included, and tells the listeners. A
     * policy equal to the one in force, version included, changes nothing.
     *
     * @return the change, or empty when that policy was already in force
     * @throws InvalidPolicyException if {@code policy} is not valid or breaks the operator's rule
     */
    public Optional<UpdateResult.Accepted> install(RoutingPolicy policy, String actor, String action, String reason,
                                                   Instant at) {
        List<ValidationError> errors = check(policy);
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
        synchronized (writeLock) {
            if (policy.equals(current())) {
                return Optional.empty();
            }
            return Optional.of(putInForce(policy, at, actor, action, reason));
        }
    }

    /**
     * Replaces the whole policy (PUT /admin/routing). The proposed policy's own version is ignored.
     *
     * @param ifMatchVersion the version the caller based its change on (the If-Match ETag)
     */
    public UpdateResult update(RoutingPolicy proposed, long ifMatchVersion, String actor, String reason) {
        Step step;
        synchronized (writeLock) {
            RoutingPolicy now = current();
            if (now.version() != ifMatchVersion) {
                return new UpdateResult.Conflict(now.version(), ifMatchVersion);
            }
            step = accept(proposed, actor, "update", reason);
        }
        return finish(step);
    }

    /** Starts a canary with the route's current guard, if any (POST /admin/routes/{name}/canary). */
    public UpdateResult startCanary(String route, String variant, int percent, String actor) {
        return startCanary(route, variant, percent, null, actor);
    }

    /**
     * Starts (or re-weights) a canary: {@code variant} gets weight {@code percent}, the other variants share the
     * rest in proportion to their current weights.
     *
     * @param guard the guard to watch it with; null keeps the route's current guard
     */
    public UpdateResult startCanary(String route, String variant, int percent, Guard guard, String actor) {
        return startCanary(route, variant, percent, guard, actor, "");
    }

    /** As above, recording why in the history. */
    public UpdateResult startCanary(String route, String variant, int percent, Guard guard, String actor,
                                    String reason) {
        if (percent < 0 || percent > 100) {
            return new UpdateResult.Rejected(List.of(
                    new ValidationError("/percent", "must be between 0 and 100, got " + percent)));
        }
        return changeRoute(route, actor, "canary", reason, r -> {
            if (r.variant(variant).isEmpty()) {
                return rejected("/variant", "'" + variant + "' is not a variant of route " + route);
            }
            if (r.variants().size() < 2) {
                return rejected("/variant",
                        "route " + route + " has one variant; a canary needs another to share with");
            }
            return CanaryWeights.start(r, variant, percent, guard);
        });
    }

    /** Gives the canary all of the route's traffic and ends the canary. */
    public UpdateResult promote(String route, String actor) {
        return promote(route, actor, "");
    }

    /** As above, recording why in the history. */
    public UpdateResult promote(String route, String actor, String reason) {
        return changeRoute(route, actor, "promote", reason, r -> r.canary() == null ? null : CanaryWeights.promote(r));
    }

    /** Sets the canary's weight to 0; the canary block stays so its state remains visible. */
    public UpdateResult rollback(String route, String actor, String reason) {
        return changeRoute(route, actor, "rollback", reason,
                r -> r.canary() == null ? null : CanaryWeights.rollback(r));
    }

    /**
     * Rolls back a canary whose guard fired. Does nothing (NotFound) when the route's canary is no longer that
     * variant or no longer takes traffic, since the breach was judged on an older policy.
     */
    UpdateResult breach(String route, String variant, CanaryGuard.Breach breach) {
        return changeRoute(route, GUARD_ACTOR, "breach", breach.message(), r -> {
            boolean stillLive = r.canary() != null && r.canary().variant().equals(variant)
                    && r.variant(variant).map(v -> v.weight() > 0).orElse(false);
            return stillLive ? CanaryWeights.rollback(r) : null;
        });
    }

    /** Marks a route change the request itself got wrong; see {@link #changeRoute}. */
    private static final class RejectedRoute extends RuntimeException {
        final ValidationError error;

        RejectedRoute(ValidationError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    private static Route rejected(String pointer, String message) {
        throw new RejectedRoute(new ValidationError(pointer, message));
    }

    /** Applies {@code edit} to one route; an edit returning null means the route has no canary to act on. */
    private UpdateResult changeRoute(String name, String actor, String action, String reason,
                                     UnaryOperator<Route> edit) {
        Step step;
        synchronized (writeLock) {
            RoutingPolicy now = current();
            Optional<Route> route = now.route(name);
            if (route.isEmpty()) {
                return new UpdateResult.NotFound("no route named " + name);
            }
            Route edited;
            try {
                edited = edit.apply(route.get());
            } catch (RejectedRoute e) {
                return new UpdateResult.Rejected(List.of(e.error));
            }
            if (edited == null) {
                return new UpdateResult.NotFound("route " + name + " has no canary to " + action);
            }
            step = accept(now.withRoute(edited), actor, action, reason);
        }
        return finish(step);
    }

    /** Under the write lock: a valid change is put in force here, or, when shared, proposed on this version. */
    private Step accept(RoutingPolicy proposed, String actor, String action, String reason) {
        List<ValidationError> errors = check(proposed);
        if (!errors.isEmpty()) {
            return new Step(new UpdateResult.Rejected(errors), null);
        }
        Instant now = clock.instant();
        long parent = current().version();
        RoutingPolicy next = proposed.withVersion(parent + 1);
        if (publisher != null) {
            return new Step(null, new Proposal(next, parent, actor, action, reason, now));
        }
        return new Step(putInForce(next, now, actor, action, reason), null);
    }

    /** Out of the write lock, since the publisher waits for {@link #install} on another thread. */
    private UpdateResult finish(Step step) {
        return step.proposal() == null ? step.answer() : publisher.publish(step.proposal());
    }

    private UpdateResult.Accepted putInForce(RoutingPolicy next, Instant at, String actor, String action,
                                             String reason) {
        State before = state.get();
        state.set(new State(next, canarySince(before.policy(), next, before.canarySince(), at)));
        PolicyChange change = new PolicyChange(next.version(), at, actor, action, reason,
                PolicyDiff.summarize(before.policy(), next));
        remember(change);
        for (Consumer<PolicyChange> listener : listeners) {
            try {
                listener.accept(change);
            } catch (RuntimeException e) {
                LOG.warn("policy change listener failed for version {}", next.version(), e);
            }
        }
        return new UpdateResult.Accepted(next, change);
    }

    private void remember(PolicyChange change) {
        history.addLast(change);
        while (history.size() > historyLimit) {
            history.removeFirst();
        }
    }

    /**
     * A canary keeps its start time while it stays the same variant with weight above 0; it gets a new one when it
     * starts, changes variant, or comes back from 0.
     */
    private static Map<String, Instant> canarySince(RoutingPolicy before, RoutingPolicy after,
                                                    Map<String, Instant> previous, Instant now) {
        Map<String, Instant> out = new HashMap<>();
        for (Route r : after.routes()) {
            if (r.canary() == null || r.variant(r.canary().variant()).map(v -> v.weight() == 0).orElse(true)) {
                continue;
            }
            boolean continues = before != null && before.route(r.name())
                    .filter(old -> old.canary() != null && old.canary().variant().equals(r.canary().variant()))
                    .flatMap(old -> old.variant(r.canary().variant()))
                    .map(v -> v.weight() > 0)
                    .orElse(false);
            out.put(r.name(), continues && previous.containsKey(r.name()) ? previous.get(r.name()) : now);
        }
        return Map.copyOf(out);
    }
}
