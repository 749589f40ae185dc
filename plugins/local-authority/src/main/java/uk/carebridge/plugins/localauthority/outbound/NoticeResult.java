package uk.carebridge.plugins.localauthority.outbound;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What {@link NoticeWriter} made of a CareBridge message: a notice for the council, or why there is none. */
public sealed interface NoticeResult {

    /**
     * @param body      the notice JSON, valid against notice.schema.json (checked when written); {@code person} is an
     *                  object the caller may add {@code councilPersonId} to
     * @param nhsNumber the person's NHS number, for the caller's register lookups
     */
    record Notice(NoticeType type, String nhsNumber, ObjectNode body) implements NoticeResult {
    }

    /** @param reason why this message is not a notice for a council: one sentence, never patient data */
    record NotANotice(String reason) implements NoticeResult {
    }
}
