package dev.switchboard.workflows;

import dev.switchboard.audit.Changes;
import dev.switchboard.jobs.JobHandlers;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.platform.bus.TenantBus;
import dev.switchboard.platform.config.WorkflowsConfig;
import dev.switchboard.platform.db.Db;
import dev.switchboard.platform.http.ApiRoutes;
import dev.switchboard.platform.http.Endpoint;
import dev.switchboard.platform.events.LogConsumer;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * The workflow feature as the composition root sees it: its endpoint, its job handler (registered on
 * construction), its event intake (a consumer of the event log) and the clock sweeper verticle.
 */
public final class Workflows {

    private final Db db;
    private final TenantBus bus;
    private final Clock clock;
    private final WorkflowsConfig config;
    private final RunLauncher launcher;
    private final SweeperMetrics metrics;
    private final WorkflowEndpoint endpoint;

    public Workflows(Db db, TenantBus bus, Changes changes, JobQueue jobs, JobHandlers handlers, ActionPorts ports, ApiRoutes routes,
                     WorkflowsConfig config, MeterRegistry registry, Clock clock) {
        this.db = db;
        this.bus = bus;
        this.clock = clock;
        this.config = config;
        this.metrics = new SweeperMetrics(registry);
        LocalActions local = new LocalActions(changes);
        RunOutcomes outcomes = new RunOutcomes(changes);
        InlineRuns inline = new InlineRuns(local, outcomes, jobs, metrics, clock);
        this.launcher = new RunLauncher(jobs, inline, metrics, clock, config.maxChainDepth(), config.maxRunsPerOrigin());
        handlers.register(RunLauncher.JOB_KIND, new RunWorkflowHandler(db, new Actions(db, ports, clock), local, outcomes, metrics, clock));
        this.endpoint = new WorkflowEndpoint(new WorkflowService(db, changes, clock), new RunService(db, changes, clock), routes);
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /** The event intake, a work consumer of the event log. */
    public LogConsumer events() {
        return new WorkflowEvents(db, launcher, clock);
    }

    /** A new clock sweeper verticle, claiming and running due work on {@code background}. */
    public WorkflowSweeper sweeper(Db background) {
        return new WorkflowSweeper(background, new ClockTriggers(launcher, metrics, config.sweepBatch()), metrics, clock,
                config.sweepInterval(), config.sweepBatch(), config.sweepConcurrency());
    }
}
