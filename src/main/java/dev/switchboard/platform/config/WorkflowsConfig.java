package dev.switchboard.platform.config;

import java.time.Duration;

/**
 * Workflow automation ({@code SWITCHBOARD_WORKFLOWS_*}).
 *
 * @param sweepInterval how often the sweeper evaluates clock triggers
 * @param sweepBatch    the most reminders (and records per clock workflow) one transaction claims
 * @param sweepConcurrency reminder batches claimed and run at once (each in its own transaction), so the server's
 *                      work on one batch overlaps the database's on another
 * @param maxChainDepth how many workflow runs may cause one another in a row before the next is stopped
 * @param maxRunsPerOrigin how many runs one change may cause in all, through any number of chained runs
 */
public record WorkflowsConfig(Duration sweepInterval, int sweepBatch, int sweepConcurrency, int maxChainDepth,
                              int maxRunsPerOrigin) {

    static WorkflowsConfig load(Settings s) {
        return new WorkflowsConfig(
                s.duration("workflows.sweepInterval", Duration.ofMillis(250)),
                s.integer("workflows.sweepBatch", 500, 1, 10_000),
                s.integer("workflows.sweepConcurrency", 8, 1, 64),
                s.integer("workflows.maxChainDepth", 5, 1, 50),
                s.integer("workflows.maxRunsPerOrigin", 25, 1, 1000));
    }
}
