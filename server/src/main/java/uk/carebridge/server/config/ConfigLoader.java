package uk.carebridge.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import uk.carebridge.fhir.CareBridgeEvent;
import uk.carebridge.fhir.OdsCode;
import uk.carebridge.plugin.PluginSetting;
import uk.carebridge.plugin.SettingException;
import uk.carebridge.server.rules.RuleChecks;

/**
 * Reads {@code config/carebridge.yaml}, {@code config/partners/*.yaml} and {@code routes/*.yaml} and
 * checks them as a whole. Every problem found is reported (not just the first), each with its file
 * and line, so an admin can fix them in one pass.
 */
public final class ConfigLoader {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    /** The outcome: a config set, or the errors that stop it from being used. */
    public record Result(ConfigSet config, List<ConfigError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /**
     * @param pluginSettings the settings each loaded plugin declares, by plugin id; partners naming a
     *                       plugin not in this map are errors
     */
    public Result load(Path configFolder, Path routesFolder, Map<String, List<PluginSetting>> pluginSettings) {
        return load(configFolder, routesFolder, pluginSettings, PartnerCheck.NONE);
    }

    /**
     * As {@link #load(Path, Path, Map)}, then each partner that passed those checks is checked by its plugin
     * ({@code pluginCheck}), so that a set this accepts is one every plugin starts.
     */
    public Result load(Path configFolder, Path routesFolder, Map<String, List<PluginSetting>> pluginSettings,
                       PartnerCheck pluginCheck) {
        List<ConfigError> errors = new ArrayList<>();
        Path configDir = configFolder.toAbsolutePath().normalize();
        Path routesDir = routesFolder.toAbsolutePath().normalize();
        Path home = configDir.getParent() == null ? configDir : configDir.getParent();

        if (!Files.isDirectory(configDir)) {
            errors.add(new ConfigError(configDir, 0, "config folder not found: give --config the folder holding "
                    + ConfigFiles.SERVER_FILE + " and partners/"));
            return new Result(null, errors);
        }
        ServerConfig server = ServerConfig.defaults();
        Path serverFile = configDir.resolve(ConfigFiles.SERVER_FILE);
        if (Files.exists(serverFile)) {
            Parsed<ServerConfig> parsed = parse(serverFile, ServerConfig.class, errors);
            if (parsed != null && parsed.value != null) {
                server = parsed.value;
                checkServer(serverFile, parsed.lines, server, errors);
            }
        }

        Map<String, PartnerConfig> partners = new LinkedHashMap<>();
        Map<String, Path> partnerFiles = new HashMap<>();
        for (Path file : yamlFiles(configDir.resolve(ConfigFiles.PARTNERS_FOLDER), errors)) {
            Parsed<PartnerConfig> parsed = parse(file, PartnerConfig.class, errors);
            if (parsed == null || parsed.value == null) {
                continue;
            }
            int before = errors.size();
            checkPartner(file, parsed, pluginSettings, partners, partnerFiles, errors);
            PartnerConfig accepted = parsed.value.id() == null ? null : partners.get(parsed.value.id());
            if (errors.size() == before && accepted != null) {
                checkWithPlugin(file, parsed.lines, accepted, home, server, pluginCheck, errors);
            }
        }

        Map<String, List<String>> groups = new LinkedHashMap<>();
        Path groupsFile = configDir.resolve(ConfigFiles.GROUPS_FILE);
        if (Files.exists(groupsFile)) {
            Parsed<GroupsFile> parsed = parse(groupsFile, GroupsFile.class, errors);
            if (parsed != null && parsed.value != null) {
                checkGroups(groupsFile, parsed.lines, parsed.value.groups(), partners, groups, errors);
            }
        }

        List<RouteConfig> routes = new ArrayList<>();
        Set<String> routeIds = new HashSet<>();
        if (!Files.isDirectory(routesDir)) {
            errors.add(new ConfigError(routesDir, 0, "routes folder not found: give --routes the folder holding the route files"));
        } else {
            for (Path file : yamlFiles(routesDir, errors)) {
                Parsed<RouteConfig.RouteFile> parsed = parse(file, RouteConfig.RouteFile.class, errors);
                if (parsed == null || parsed.value == null) {
                    continue;
                }
                for (int i = 0; i < parsed.value.routes().size(); i++) {
                    RouteConfig route = parsed.value.routes().get(i);
                    if (checkRoute(file, parsed.lines, "routes[" + i + "]", route, partners, groups, routeIds, errors)) {
                        routes.add(route);
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            return new Result(null, errors);
        }
        return new Result(new ConfigSet(home, configDir, routesDir, server, partners, groups, routes,
                Fingerprint.of(configDir, routesDir)), List.of());
    }

    /** {@code config/groups.yaml}: named lists of partners a route can name as {@code group:<name>}. */
    record GroupsFile(@JsonProperty("groups") Map<String, List<String>> groups) {
        GroupsFile {
            groups = groups == null ? Map.of() : groups;
        }
    }

    private static void checkGroups(Path file, YamlLines lines, Map<String, List<String>> declared,
                                    Map<String, PartnerConfig> partners, Map<String, List<String>> groups,
                                    List<ConfigError> errors) {
        declared.forEach((name, members) -> {
            int before = errors.size();
            if (!ID.matcher(name).matches()) {
                errors.add(new ConfigError(file, lines.line("groups." + name), "group name '" + name + "' must be "
                        + "lower-case letters, digits and dashes"));
            }
            List<String> list = members == null ? List.of() : members;
            if (list.isEmpty()) {
                errors.add(new ConfigError(file, lines.line("groups." + name), "group '" + name + "' has no partners: "
                        + "list partner ids, e.g. [sunny-meadows-care-home]"));
            }
            for (int i = 0; i < list.size(); i++) {
                if (!partners.containsKey(list.get(i))) {
                    errors.add(new ConfigError(file, lines.line("groups." + name + "[" + i + "]"),
                            unknownPartner(list.get(i), partners)));
                }
            }
            if (errors.size() == before) {
                groups.put(name, List.copyOf(list));
            }
        });
    }

    private void checkPartner(Path file, Parsed<PartnerConfig> parsed, Map<String, List<PluginSetting>> pluginSettings,
                              Map<String, PartnerConfig> partners, Map<String, Path> partnerFiles,
                              List<ConfigError> errors) {
        PartnerConfig p = parsed.value;
        YamlLines lines = parsed.lines;
        int before = errors.size();
        if (p.id() == null || !ID.matcher(p.id()).matches()) {
            errors.add(new ConfigError(file, lines.line("id"), "partner 'id' is required: lower-case letters, digits and"
                    + " dashes, e.g. sunny-meadows-care-home"));
        } else if (partnerFiles.containsKey(p.id())) {
            errors.add(new ConfigError(file, lines.line("id"), "partner id '" + p.id() + "' is already used by "
                    + partnerFiles.get(p.id()).getFileName() + ": partner ids must be unique"));
        }
        if (!OdsCode.isValid(p.odsCode())) {
            errors.add(new ConfigError(file, lines.line("odsCode"), "'odsCode' is required: the organisation's ODS code,"
                    + " 3 to 10 upper-case letters or digits"));
        }
        if (p.plugin() == null) {
            errors.add(new ConfigError(file, lines.line("plugin"), "'plugin' is required: one of " + pluginSettings.keySet()));
        } else if (!pluginSettings.containsKey(p.plugin())) {
            errors.add(new ConfigError(file, lines.line("plugin"), "plugin '" + p.plugin() + "' is not loaded (loaded: "
                    + String.join(", ", pluginSettings.keySet()) + "); run 'carebridge plugins' to see load errors"));
        } else {
            List<PluginSetting> declared = pluginSettings.get(p.plugin());
            Set<String> known = new java.util.LinkedHashSet<>();
            for (PluginSetting s : declared) {
                known.add(s.name());
                if (s.required() && (p.settings().get(s.name()) == null || p.settings().get(s.name()).isBlank())) {
                    errors.add(new ConfigError(file, lines.line("settings"), "setting '" + s.name()
                            + "' is required by plugin " + p.plugin() + ": " + s.description()));
                }
            }
            for (PluginSetting s : declared) {
                String value = p.settings().get(s.name());
                if (value != null && !value.isBlank()) {
                    s.problem(value).ifPresent(problem -> errors.add(new ConfigError(file,
                            lines.line("settings." + s.name()), "setting '" + s.name() + "' " + problem + ": "
                            + s.description())));
                }
            }
            for (String key : p.settings().keySet()) {
                if (!known.contains(key)) {
                    errors.add(new ConfigError(file, lines.line("settings." + key), "unknown setting '" + key
                            + "' for plugin " + p.plugin() + " (known: " + String.join(", ", known) + ")"));
                }
            }
        }
        checkDelivery(file, lines, "delivery", p.delivery(), errors);
        if (errors.size() == before) {
            // Apply the plugin's defaults so plugins see every setting they declared.
            Map<String, String> settings = new LinkedHashMap<>();
            for (PluginSetting s : pluginSettings.get(p.plugin())) {
                if (s.defaultValue() != null) {
                    settings.put(s.name(), s.defaultValue());
                }
            }
            p.settings().forEach((k, v) -> {
                if (v != null) {
                    settings.put(k, v);
                }
            });
            partners.put(p.id(), new PartnerConfig(p.id(), p.name() == null ? p.id() : p.name(), p.odsCode(),
                    p.plugin(), settings, p.delivery()));
        }
        if (p.id() != null) {
            partnerFiles.putIfAbsent(p.id(), file);
        }
    }

    /** The plugin's own check; what it refuses is reported at the setting's line (else at the plugin's). */
    private static void checkWithPlugin(Path file, YamlLines lines, PartnerConfig partner, Path home,
                                        ServerConfig server, PartnerCheck pluginCheck, List<ConfigError> errors) {
        try {
            pluginCheck.check(partner, home, server);
        } catch (SettingException e) {
            errors.add(new ConfigError(file, lines.line("settings." + e.setting()), e.getMessage()));
        } catch (Exception e) {
            errors.add(new ConfigError(file, lines.line("plugin"), "plugin " + partner.plugin() + " refuses partner "
                    + partner.id() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage())));
        }
    }

    private static void checkServer(Path file, YamlLines lines, ServerConfig server, List<ConfigError> errors) {
        ServerConfig.HttpSettings http = server.http();
        if (http.port() < 0 || http.port() > 65535) {
            errors.add(new ConfigError(file, lines.line("http.port"), "http.port must be 1 to 65535, or 0 for no HTTP"
                    + " listener (then no partner can receive over HTTP); got " + http.port()));
        }
        if (http.host().isEmpty()) {
            errors.add(new ConfigError(file, lines.line("http.host"), "http.host must be an interface address or host"
                    + " name to listen on, e.g. 0.0.0.0 (all interfaces) or 127.0.0.1"));
        }
        if (http.maxBodyBytes() < 1 || http.maxBodyBytes() > ServerConfig.HttpSettings.MAX_MAX_BODY_BYTES) {
            errors.add(new ConfigError(file, lines.line("http.maxBodyBytes"), "http.maxBodyBytes must be 1 to "
                    + ServerConfig.HttpSettings.MAX_MAX_BODY_BYTES + " (1 GiB; a request body is held in memory while"
                    + " it is handled); got " + http.maxBodyBytes()));
        }
        int mllp = server.mllp().maxConnections();
        if (mllp < 1 || mllp > ServerConfig.MllpSettings.MAX_MAX_CONNECTIONS) {
            errors.add(new ConfigError(file, lines.line("mllp.maxConnections"), "mllp.maxConnections must be 1 to "
                    + ServerConfig.MllpSettings.MAX_MAX_CONNECTIONS + " (MLLP connections open at once across all "
                    + "partners); got " + mllp));
        }
        checkDelivery(file, lines, "delivery", server.delivery(), errors);
    }

    private static void checkDelivery(Path file, YamlLines lines, String path, DeliverySettings d, List<ConfigError> errors) {
        if (d == null) {
            return;
        }
        if (d.maxAttempts() != null && d.maxAttempts() < 1) {
            errors.add(new ConfigError(file, lines.line(path + ".maxAttempts"), "maxAttempts must be 1 or more"));
        }
        if (d.backoffMultiplier() != null && d.backoffMultiplier() < 1) {
            errors.add(new ConfigError(file, lines.line(path + ".backoffMultiplier"), "backoffMultiplier must be 1 or more"));
        }
        if (d.consumers() != null && d.consumers() < 1) {
            errors.add(new ConfigError(file, lines.line(path + ".consumers"), "consumers must be 1 or more"));
        }
    }

    private static boolean checkRoute(Path file, YamlLines lines, String path, RouteConfig route,
                                      Map<String, PartnerConfig> partners, Map<String, List<String>> groups,
                                      Set<String> routeIds, List<ConfigError> errors) {
        int before = errors.size();
        if (route.id() == null || !ID.matcher(route.id()).matches()) {
            errors.add(new ConfigError(file, lines.line(path + ".id"), "route 'id' is required: lower-case letters,"
                    + " digits and dashes"));
        } else if (!routeIds.add(route.id())) {
            errors.add(new ConfigError(file, lines.line(path + ".id"), "route id '" + route.id()
                    + "' is used twice: route ids must be unique across all route files"));
        }
        if (route.from().isEmpty()) {
            errors.add(new ConfigError(file, lines.line(path), "route '" + route.id() + "' needs 'from': the source partner id(s)"));
        }
        Set<String> sources = new java.util.LinkedHashSet<>();
        for (int i = 0; i < route.from().size(); i++) {
            String source = route.from().get(i);
            Optional<String> problem = partyProblem(source, partners, groups);
            if (problem.isPresent()) {
                errors.add(new ConfigError(file, lines.line(path + ".from[" + i + "]"), problem.get()));
            } else {
                sources.addAll(RouteConfig.partnersOf(source, groups));
            }
        }
        if (route.condition() != null) {
            RuleChecks.conditionProblem(route.condition()).ifPresent(problem ->
                    errors.add(new ConfigError(file, lines.line(path + ".condition"), problem)));
        }
        if (route.events().isEmpty()) {
            errors.add(new ConfigError(file, lines.line(path), "route '" + route.id() + "' needs 'events': one or more of "
                    + CareBridgeEvent.codes()));
        }
        for (int i = 0; i < route.events().size(); i++) {
            if (CareBridgeEvent.fromCode(route.events().get(i)).isEmpty()) {
                errors.add(new ConfigError(file, lines.line(path + ".events[" + i + "]"), "unknown event '"
                        + route.events().get(i) + "': use one of " + CareBridgeEvent.codes()));
            }
        }
        if (route.to().isEmpty()) {
            errors.add(new ConfigError(file, lines.line(path), "route '" + route.id() + "' needs 'to': a list of"
                    + " destinations, each '- partner: <id>'"));
        }
        for (int i = 0; i < route.to().size(); i++) {
            checkDestination(file, lines, path + ".to[" + i + "]", route.to().get(i), sources, partners, groups, errors);
        }
        return errors.size() == before;
    }

    private static void checkDestination(Path file, YamlLines lines, String at, RouteConfig.Destination d,
                                         Set<String> sources, Map<String, PartnerConfig> partners,
                                         Map<String, List<String>> groups, List<ConfigError> errors) {
        if (d == null || (d.partner() == null) == (d.group() == null)) {
            errors.add(new ConfigError(file, lines.line(at), "a destination names one 'partner: <id>' or one "
                    + "'group: <name>'"));
            return;
        }
        String party = d.partner() != null ? d.partner() : RouteConfig.GROUP_PREFIX + d.group();
        String key = d.partner() != null ? ".partner" : ".group";
        Optional<String> problem = partyProblem(party, partners, groups);
        if (problem.isPresent()) {
            errors.add(new ConfigError(file, lines.line(at + key), problem.get()));
        } else {
            for (String p : RouteConfig.partnersOf(party, groups)) {
                if (sources.contains(p)) {
                    errors.add(new ConfigError(file, lines.line(at + key), "partner '" + p + "' would receive its "
                            + "own messages back: remove it from 'to' or 'from'"));
                }
            }
        }
        if (d.resources().isEmpty()) {
            errors.add(new ConfigError(file, lines.line(at), "destination " + party + " needs 'resources': the "
                    + "resource types it may receive, e.g. [Patient, Encounter]; nothing that is not listed is shared"));
        }
        for (int j = 0; j < d.resources().size(); j++) {
            int index = j;
            RuleChecks.resourceTypeProblem(d.resources().get(j)).ifPresent(why ->
                    errors.add(new ConfigError(file, lines.line(at + ".resources[" + index + "]"), why)));
        }
        for (int j = 0; j < d.remove().size(); j++) {
            int index = j;
            RuleChecks.elementPathProblem(d.remove().get(j), d.resources()).ifPresent(why ->
                    errors.add(new ConfigError(file, lines.line(at + ".remove[" + index + "]"), why)));
        }
        if (d.agreement() != null && !d.agreement().matches("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}")) {
            errors.add(new ConfigError(file, lines.line(at + ".agreement"), "agreement must be a reference of "
                    + "letters, digits and . _ : / - (up to 100), e.g. NORTHSHIRE-DSA-2026-04"));
        }
    }

    /** Why a {@code from} entry or destination names nothing known, or empty. */
    private static Optional<String> partyProblem(String party, Map<String, PartnerConfig> partners,
                                                 Map<String, List<String>> groups) {
        if (party.startsWith(RouteConfig.GROUP_PREFIX)) {
            String group = party.substring(RouteConfig.GROUP_PREFIX.length());
            return groups.containsKey(group) ? Optional.empty() : Optional.of("unknown group '" + group
                    + "': config/" + ConfigFiles.GROUPS_FILE + " defines " + (groups.isEmpty() ? "no groups"
                    : String.join(", ", groups.keySet())));
        }
        return partners.containsKey(party) ? Optional.empty() : Optional.of(unknownPartner(party, partners));
    }

    private static String unknownPartner(String id, Map<String, PartnerConfig> partners) {
        return "unknown partner '" + id + "': no file in config/partners/ has this id (known: "
                + String.join(", ", partners.keySet()) + ")";
    }

    /** A bound file and where its values stand. */
    private record Parsed<T>(T value, YamlLines lines) {
    }

    private <T> Parsed<T> parse(Path file, Class<T> type, List<ConfigError> errors) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            errors.add(new ConfigError(file, 0, "cannot read: " + e.getMessage()));
            return null;
        }
        YamlLines lines = YamlLines.of(text);
        try {
            return new Parsed<>(yaml.readValue(text, type), lines);
        } catch (UnrecognizedPropertyException e) {
            // Records are bound after their whole block is read, so Jackson's location is the block's
            // end; the path finds the key's own line.
            errors.add(new ConfigError(file, lines.line(path(e)), "unknown key '" + e.getPropertyName()
                    + "' (known here: " + String.join(", ", e.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList()) + ")"));
        } catch (JsonMappingException e) {
            int line = lines.line(path(e));
            errors.add(new ConfigError(file, line > 0 ? line : line(e.getLocation()),
                    "'" + path(e) + "': " + e.getOriginalMessage().lines().findFirst().orElse("invalid value")));
        } catch (JsonProcessingException e) {
            errors.add(new ConfigError(file, line(e.getLocation()), e.getOriginalMessage().lines().findFirst().orElse("invalid YAML")));
        }
        return null;
    }

    /** Jackson's path to the failing value, in {@link YamlLines} form: routes[0].to[1].partner */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    private static List<Path> yamlFiles(Path folder, List<ConfigError> errors) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().matches("[^.].*\\.ya?ml")).sorted().toList();
        } catch (IOException e) {
            errors.add(new ConfigError(folder, 0, "cannot list: " + e.getMessage()));
            return List.of();
        }
    }
}
