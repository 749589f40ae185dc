package uk.carebridge.plugins.localauthority.outbound;

import java.util.List;

import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an event's reader found before the envelope is written: the notice type, the resource the event is about
 * (whose subject is the person), where the sending organisation is named, and how to write the type's member
 * once the sender is known. Or, when {@code notANotice} is set, why there is no notice.
 */
record NoticeDraft(NoticeType type, Resource about, List<Reference> senders, Member member, String notANotice) {

    /** Writes the member; the sender is given because some members repeat its ODS code. */
    @FunctionalInterface
    interface Member {
        ObjectNode write(MessageView.Ods from);
    }

    static NoticeDraft of(NoticeType type, Resource about, List<Reference> senders, Member member) {
        return new NoticeDraft(type, about, senders, member, null);
    }

    static NoticeDraft none(String reason) {
        return new NoticeDraft(null, null, List.of(), null, reason);
    }

    boolean isNotice() {
        return notANotice == null;
    }
}
