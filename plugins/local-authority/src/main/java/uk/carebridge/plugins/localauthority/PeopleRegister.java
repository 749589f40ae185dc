package uk.carebridge.plugins.localauthority;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import uk.carebridge.plugin.PartnerState;
import uk.carebridge.plugins.localauthority.inbound.CouncilResource;
import uk.carebridge.plugins.localauthority.inbound.ReadResult;

/**
 * The people a council has told CareBridge about, so that hospital and care home notices reach the council
 * only for people known to its social care (data sharing for a purpose, not a broadcast), and vital signs
 * only for people with a care package it commissioned.
 *
 * <p>Kept in the partner's durable state (the journal database, shared by instances), keyed by a SHA-256
 * hash of partner id and NHS number: the database holds no NHS number in clear. (Pseudonymous, not
 * anonymous: ten-digit numbers can be enumerated; the database stays access-controlled.) The value holds the
 * council's person id and the ids of the person's care packages in force.
 */
final class PeopleRegister {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the register knows of one person. */
    record KnownPerson(Optional<String> councilPersonId, boolean hasCarePackage) {
    }

    private final String partnerId;
    private final PartnerState state;

    PeopleRegister(String partnerId, PartnerState state) {
        this.partnerId = partnerId;
        this.state = state;
    }

    Optional<KnownPerson> find(String nhsNumber) {
        return state.get(key(nhsNumber)).map(PeopleRegister::parse).map(
                v -> new KnownPerson(Optional.ofNullable(v.path("councilPersonId").textValue()),
                        !v.path("carePackages").isEmpty()));
    }

    /**
     * Records what an accepted council event says about its person: known (with the council id when sent),
     * and for a care package whether it is in force (planned, active, suspended) or not (ended, cancelled).
     * Events that name the person by council id only cannot be matched to NHS notices and are skipped.
     */
    synchronized void learn(ReadResult.Accepted event) {
        JsonNode body = event.body();
        JsonNode person = body.path("person");
        String nhs = person.path("nhsNumber").textValue();
        if (nhs == null) {
            return;
        }
        ObjectNode value = state.get(key(nhs)).map(PeopleRegister::parse).orElseGet(JSON::createObjectNode);
        String councilId = person.path("councilPersonId").textValue();
        if (councilId != null) {
            value.put("councilPersonId", councilId);
        }
        TreeSet<String> packages = new TreeSet<>();
        value.path("carePackages").forEach(p -> packages.add(p.asText()));
        if (event.resource() == CouncilResource.CARE_PACKAGES) {
            JsonNode pkg = body.path("carePackage");
            String id = pkg.path("carePackageId").asText();
            switch (pkg.path("status").asText()) {
                case "planned", "active", "suspended" -> packages.add(id);
                default -> packages.remove(id);
            }
        }
        ArrayNode list = value.putArray("carePackages");
        packages.forEach(list::add);
        state.put(key(nhs), value.toString());
    }

    private String key(String nhsNumber) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((partnerId + ":" + nhsNumber).getBytes(StandardCharsets.UTF_8));
            return "person:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    private static ObjectNode parse(String value) {
        try {
            return (ObjectNode) JSON.readTree(value);
        } catch (JsonProcessingException | ClassCastException e) {
            // Written by this class only; a damaged row is treated as "known, nothing more".
            return JSON.createObjectNode();
        }
    }
}
