package uk.carebridge.validation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * The UK Core R4 STU2 conformance resources (StructureDefinitions, ValueSets, CodeSystems) shipped in
 * this jar under {@code uk/carebridge/validation/ukcore/}, so validation needs no network. The files are
 * listed in {@code ukcore/index.txt} because class path folders cannot be listed from inside a jar; see
 * {@code ukcore/MANIFEST.md} for their source and licence and for how to refresh them.
 */
final class UkCoreConformance {
    private UkCoreConformance() {
    }

    /** Relative to this class's package. */
    static final String FOLDER = "ukcore/";
    static final String INDEX = FOLDER + "index.txt";

    /**
     * Parses every listed file (XML, differential only: HAPI's SnapshotGeneratingValidationSupport
     * generates the snapshots when a profile is first used) into one validation support module.
     */
    static PrePopulatedValidationSupport load(FhirContext fhir) {
        PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(fhir);
        IParser xml = fhir.newXmlParser();
        for (String file : index()) {
            try (InputStream in = open(FOLDER + file)) {
                support.addResource(xml.parseResource(new InputStreamReader(in, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read UK Core resource " + file, e);
            }
        }
        support.lock(); // read-only from here on, so it is safe to share between threads
        return support;
    }

    /** The files of {@code ukcore/index.txt}, relative to {@code ukcore/}. */
    static List<String> index() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(INDEX), StandardCharsets.UTF_8))) {
            return reader.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + INDEX, e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = UkCoreConformance.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("class path resource missing: uk/carebridge/validation/" + resource);
        }
        return in;
    }
}
