package dev.switchboard.ai;

import dev.switchboard.cases.CaseService;
import dev.switchboard.conversations.ConversationService;
import dev.switchboard.conversations.MessageService;
import dev.switchboard.notes.NoteService;
import dev.switchboard.platform.http.Pages;
import dev.switchboard.tenancy.Principal;
import dev.switchboard.tenancy.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Summaries of a case or conversation (summary, key facts, next steps, open questions) and of a note (summary and
 * action items, each ready to be confirmed as a task). Each reads the record through its own feature's service, so the
 * caller's read rules apply to it and to everything it includes; nothing is saved.
 */
final class RecordSummaries {

    /** How many of the newest messages or notes a summary reads. */
    static final int READS = 50;

    private final Assistant assistant;
    private final CaseService cases;
    private final NoteService notes;
    private final ConversationService conversations;
    private final MessageService messages;
    private final Colleagues colleagues;

    RecordSummaries(Assistant assistant, CaseService cases, NoteService notes, ConversationService conversations, MessageService messages,
                    Colleagues colleagues) {
        this.assistant = assistant;
        this.cases = cases;
        this.notes = notes;
        this.conversations = conversations;
        this.messages = messages;
        this.colleagues = colleagues;
    }

    /** 404 when the caller may not read the case; 409 when the feature is off; see {@link Assistant} for the rest. */
    Future<JsonObject> ofCase(Principal p, UUID caseId) {
        Assistant.requireStaff(p);
        return cases.get(p, caseId).compose(c -> assistant.enabled(p.tenantId(), AiSettings.SUMMARY).compose(s ->
                notes.list(p, "case", caseId, new Pages(READS, null, true)).compose(caseNotes ->
                        assistant.ask(p, s, Templates.SUMMARY, Transcript.caseRecord(c, caseNotes)))))
                .map(answer -> result(answer, "case", caseId, Templates.SUMMARY));
    }

    /** 404 when the caller may not see the conversation; 409 when the feature is off. */
    Future<JsonObject> ofConversation(Principal p, UUID conversationId) {
        Assistant.requireStaff(p);
        return conversations.get(p, conversationId).compose(c -> assistant.enabled(p.tenantId(), AiSettings.SUMMARY).compose(s ->
                messages.list(p, conversationId, new Pages(READS, null, true)).compose(list ->
                        assistant.ask(p, s, Templates.SUMMARY, Transcript.conversation(c, list)))))
                .map(answer -> result(answer, "conversation", conversationId, Templates.SUMMARY));
    }

    /**
     * A note's summary and action items; an item's assignee must be a colleague of the organization or the answer is
     * rejected. Each item carries {@code task}, the body that creates it through {@code POST /api/v1/tasks} once confirmed.
     */
    Future<JsonObject> ofNote(Principal p, UUID noteId) {
        Assistant.requireStaff(p);
        return notes.get(p, noteId).compose(note -> assistant.enabled(p.tenantId(), AiSettings.NOTE_SUMMARY).compose(s ->
                colleagues.of(p).compose(view -> assistant.ask(p, s, Templates.NOTE_SUMMARY,
                        view.context(p.userId()) + "\nThe note:\n" + Fence.wrap("note", Fence.text(note.body())), answer -> {
                            for (Object item : answer.getJsonArray("actionItems")) {
                                String unknown = view.unknown(((JsonObject) item).getString("assigneeUserId"), "assigneeUserId");
                                if (unknown != null) {
                                    return unknown;
                                }
                            }
                            return null;
                        }).map(answer -> {
                            JsonArray items = new JsonArray();
                            for (Object raw : answer.getJsonArray("actionItems")) {
                                JsonObject item = (JsonObject) raw;
                                JsonObject task = TaskProposals.task(view, item, p.userId(), note.entityType(), note.entityId());
                                items.add(task.copy().put("dueLocal", item.getString("dueLocal")).put("task", TaskProposals.body(task)));
                            }
                            return result(new JsonObject().put("summary", answer.getString("summary")).put("actionItems", items),
                                    "note", noteId, Templates.NOTE_SUMMARY).put("timezone", view.zone().getId());
                        }))));
    }

    private static JsonObject result(JsonObject answer, String entityType, UUID entityId, PromptTemplate template) {
        return answer.copy().put("entityType", entityType).put("entityId", entityId.toString())
                .put("promptVersion", template.version())
                .put("generatedAt", Timestamps.format(Instant.now().atOffset(ZoneOffset.UTC)));
    }
}
