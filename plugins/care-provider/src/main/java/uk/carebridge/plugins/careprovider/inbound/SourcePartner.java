package uk.carebridge.plugins.careprovider.inbound;

/**
 * The partner the rows come from, as the mappers need it.
 *
 * @param id      CareBridge partner id: MessageHeader.source and the local identifier system
 * @param odsCode the home's ODS code (may be null): default care home, service provider, performer
 * @param setting care home or home care: decides Encounter.class
 */
public record SourcePartner(String id, String odsCode, CareSetting setting) {

    boolean hasOdsCode() {
        return odsCode != null && !odsCode.isBlank();
    }
}
