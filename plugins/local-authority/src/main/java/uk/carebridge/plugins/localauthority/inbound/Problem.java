package uk.carebridge.plugins.localauthority.inbound;

/**
 * One thing wrong with a submitted body: the JSON path of the field ({@code $.person.nhsNumber}) and why.
 * The reason never repeats the submitted value, so a problem may be logged and returned without leaking
 * patient data.
 */
public record Problem(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
