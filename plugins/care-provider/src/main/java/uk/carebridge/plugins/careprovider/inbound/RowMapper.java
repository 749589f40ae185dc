package uk.carebridge.plugins.careprovider.inbound;

import org.hl7.fhir.r4.model.Bundle;

/** Turns one CSV row of a given kind into one CareBridge FHIR message. */
interface RowMapper {

    /**
     * @return the message, or null when the row is wrong; every problem found is recorded on {@code row}
     *         (a non-null result is only used when {@code row} has no errors)
     */
    Bundle map(RowFields row);
}
