package org.fediflow.upgrade;

import org.fediflow.shared.Json;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An operator's command written as a JSON array of strings, never as a shell line. */
final class Argv {

    private static final JsonMapper JSON = Json.MAPPER;

    private Argv() {
    }

    /** A JSON array of commands, each an array of strings: {@code [["bin/tootctl","cache","clear"]]}. */
    static List<List<String>> parseList(String text) {
        JsonNode node = read(text);
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("not a JSON array of commands, e.g. [[\"bin/tootctl\",\"cache\",\"clear\"]]: " + text);
        }
        List<List<String>> commands = new ArrayList<>();
        for (JsonNode command : node) {
            commands.add(parse(command, text));
        }
        return List.copyOf(commands);
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not JSON: " + text);
        }
    }

    private static List<String> parse(JsonNode node, String text) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException("not a JSON array of strings, e.g. [\"bin/tootctl\",\"cache\",\"clear\"]: " + text);
        }
        List<String> argv = new ArrayList<>();
        for (JsonNode arg : node) {
            if (!arg.isString()) {
                throw new IllegalArgumentException("every argument must be a string: " + text);
            }
            argv.add(arg.asString());
        }
        return List.copyOf(argv);
    }
}
