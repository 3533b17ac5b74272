package dev.switchboard.workflows;

import dev.switchboard.cases.CaseAssignmentService;
import dev.switchboard.cases.CaseService;
import dev.switchboard.email.EmailService;
import dev.switchboard.jobs.JobQueue;
import dev.switchboard.notes.NoteAutomation;
import dev.switchboard.tasks.TaskAutomation;
import dev.switchboard.webhooks.outbound.WebhookEndpointService;

/** The other features' services that workflow actions go through (never their stores). */
public record ActionPorts(TaskAutomation tasks, NoteAutomation notes, CaseService cases, CaseAssignmentService caseAssignment,
                          EmailService email, WebhookEndpointService webhooks, JobQueue jobs) {
}
