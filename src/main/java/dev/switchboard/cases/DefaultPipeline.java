package dev.switchboard.cases;

import java.util.List;

/**
 * The pipeline every tenant gets the first time it needs one: office-manager intake, then a handoff a
 * manager accepts or denies, then the case manager's work.
 */
final class DefaultPipeline {

    static final String NAME = "Intake";
    static final String QUALIFIED = "qualified";
    static final String PENDING_HANDOFF = "pending_handoff";
    static final String ACCEPTED = "accepted";

    private static final List<String> MANAGERS = List.of("manager", "admin");

    static final List<PipelineStage> STAGES = List.of(
            new PipelineStage("new", "New", 0, false, null),
            new PipelineStage(QUALIFIED, "Qualified", 1, false, null),
            new PipelineStage(PENDING_HANDOFF, "Pending handoff", 2, false, null),
            new PipelineStage(ACCEPTED, "Accepted", 3, false, MANAGERS),
            new PipelineStage("in_progress", "In progress", 4, false, null),
            new PipelineStage("closed", "Closed", 5, true, null));

    static final List<Transition> TRANSITIONS = List.of(
            new Transition("new", QUALIFIED),
            new Transition("new", "closed"),
            new Transition(QUALIFIED, PENDING_HANDOFF),
            new Transition(QUALIFIED, "closed"),
            new Transition(PENDING_HANDOFF, ACCEPTED),
            new Transition(PENDING_HANDOFF, QUALIFIED),
            new Transition(ACCEPTED, "in_progress"),
            new Transition(ACCEPTED, "closed"),
            new Transition("in_progress", "closed"));

    private DefaultPipeline() {
    }
}
