package dev.switchboard.ai;

import io.vertx.core.json.JsonObject;

/** The prompt templates, one per feature. Change a template's text or schema and you change its version. */
final class Templates {

    private static final String LIST = """
            {"type": "array", "maxItems": %d, "items": {"type": "string", "minLength": 1, "maxLength": 300}}""";
    private static final String LOCAL_TIME = """
            {"type": ["string", "null"], "pattern": "^\\\\d{4}-\\\\d{2}-\\\\d{2}T\\\\d{2}:\\\\d{2}$"}""";
    private static final String PRIORITY = """
            {"type": "string", "enum": ["low", "normal", "high", "urgent"]}""";
    private static final String USER_ID = """
            {"type": ["string", "null"], "maxLength": 36}""";

    static final PromptTemplate SUMMARY = new PromptTemplate(AiSettings.SUMMARY, "summary/v1", """
            You summarise one record of a team's back-office system (a case or a conversation) for a colleague who has not \
            read it. Use only what the content says; do not guess. keyFacts are short facts (amounts, dates, commitments); \
            nextSteps are what the team should do next; openQuestions are what is still unknown or unanswered.""",
            new JsonObject("""
                    {"type": "object", "additionalProperties": false, "required": ["summary", "keyFacts", "nextSteps", "openQuestions"],
                     "properties": {"summary": {"type": "string", "minLength": 1, "maxLength": 2000},
                       "keyFacts": %s, "nextSteps": %s, "openQuestions": %s}}""".formatted(LIST.formatted(20), LIST.formatted(10),
                    LIST.formatted(10))), 1200);

    static final PromptTemplate NOTE_SUMMARY = new PromptTemplate(AiSettings.NOTE_SUMMARY, "note-summary/v1", """
            You summarise a note (often meeting notes) for the team and list its action items. For each action item give a \
            short imperative title; the colleague it is for as one of the listed user ids when the note names one, else null; \
            when a time is stated, the due time as local date and time YYYY-MM-DDTHH:MM resolved against the given current \
            local time, else null; and a priority.""",
            new JsonObject("""
                    {"type": "object", "additionalProperties": false, "required": ["summary", "actionItems"],
                     "properties": {"summary": {"type": "string", "minLength": 1, "maxLength": 2000},
                       "actionItems": {"type": "array", "maxItems": 20, "items": {"type": "object", "additionalProperties": false,
                         "required": ["title", "assigneeUserId", "dueLocal", "priority"],
                         "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 200}, "assigneeUserId": %s,
                           "dueLocal": %s, "priority": %s}}}}}""".formatted(USER_ID, LOCAL_TIME, PRIORITY)), 1500);

    static final PromptTemplate REPLY_DRAFT = new PromptTemplate(AiSettings.REPLY_DRAFT, "reply-draft/v1", """
            You draft the next reply an agent of the team could send to the customer in this conversation. Write the body \
            only, in the customer's language, polite and concrete; promise nothing the conversation does not support. A \
            person reviews and sends it. confidence (0 to 1) says how sure you are the draft answers the customer well; \
            reasoning says briefly why.""",
            new JsonObject("""
                    {"type": "object", "additionalProperties": false, "required": ["body", "confidence", "reasoning"],
                     "properties": {"body": {"type": "string", "minLength": 1, "maxLength": 5000},
                       "confidence": {"type": "number", "minimum": 0, "maximum": 1},
                       "reasoning": {"type": "string", "maxLength": 1000}}}"""), 1500);

    static final PromptTemplate CLASSIFICATION = new PromptTemplate(AiSettings.CLASSIFICATION, "classification/v1", """
            You classify one inbound customer message for routing: its priority, category, sentiment, urgency and its \
            language as an ISO 639-1 code.""",
            new JsonObject("""
                    {"type": "object", "additionalProperties": false,
                     "required": ["priority", "category", "sentiment", "urgency", "language"],
                     "properties": {"priority": %s,
                       "category": {"type": "string", "enum": ["billing", "technical", "sales", "complaint", "feedback", "spam", "other"]},
                       "sentiment": {"type": "string", "enum": ["negative", "neutral", "positive"]},
                       "urgency": {"type": "string", "enum": ["low", "medium", "high"]},
                       "language": {"type": "string", "pattern": "^[a-z]{2}$"}}}""".formatted(PRIORITY)), 200);

    static final PromptTemplate TASK_FROM_TEXT = new PromptTemplate(AiSettings.TASK_FROM_TEXT, "task-from-text/v1", """
            You turn a colleague's sentence into a proposed task. title is a short imperative. assigneeUserId is one of the \
            listed user ids when the sentence asks a colleague to do it, else null (the writer does it). dueLocal is the \
            due local date and time YYYY-MM-DDTHH:MM resolved against the given current local time ("tomorrow", "next \
            Tuesday", "at 3pm"), or null when no time is stated. priority is normal unless the sentence says otherwise.""",
            new JsonObject("""
                    {"type": "object", "additionalProperties": false, "required": ["title", "assigneeUserId", "dueLocal", "priority"],
                     "properties": {"title": {"type": "string", "minLength": 1, "maxLength": 200}, "assigneeUserId": %s,
                       "dueLocal": %s, "priority": %s}}""".formatted(USER_ID, LOCAL_TIME, PRIORITY)), 400);

    private Templates() {
    }
}
