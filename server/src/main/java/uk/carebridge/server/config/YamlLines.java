package uk.carebridge.server.config;

import java.io.Reader;
import java.io.StringReader;
import java.util.HashMap;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where each value of a YAML file stands, so that checks made after binding (an unknown partner in a
 * route) can still say "routes/x.yaml:12". Paths look like {@code routes[0].to[1].partner}.
 */
final class YamlLines {

    private final Map<String, Integer> lines = new HashMap<>();

    private YamlLines() {
    }

    static YamlLines of(String yaml) {
        YamlLines index = new YamlLines();
        try (Reader r = new StringReader(yaml)) {
            Node root = new Yaml(new LoaderOptions()).compose(r);
            if (root != null) {
                index.walk("", root);
            }
        } catch (Exception e) {
            // Syntax errors are reported by the binder with their own line; nothing to index.
        }
        return index;
    }

    private void walk(String path, Node node) {
        lines.put(path, node.getStartMark().getLine() + 1);
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key) {
                    String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
                    walk(child, t.getValueNode());
                    // The key's own line, for "unknown key" style messages.
                    lines.put(child, key.getStartMark().getLine() + 1);
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                walk(path + "[" + i + "]", seq.getValue().get(i));
            }
        }
    }

    /** The line of {@code path}, or of its nearest ancestor that exists, or 0. */
    int line(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut < 0) {
                return p.isEmpty() ? 0 : line("");
            }
            p = p.substring(0, cut);
        }
    }
}
