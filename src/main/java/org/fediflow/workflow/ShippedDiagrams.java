package org.fediflow.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The diagrams that come with the jar ({@code bpmn/*.bpmn} in it; not its sub-folders). Each is deployed from the jar,
 * so an upgrade brings its new version, unless the operator's folder holds their own diagram of that process key
 * (an override, which wins). When the jar's version changed since the operator last had it in use, an override
 * shows that a newer shipped version is available, with the element differences, and {@link #adopt} takes it.
 */
@Service
public class ShippedDiagrams {

    private static final Logger log = LoggerFactory.getLogger(ShippedDiagrams.class);

    private final Map<String, Shipped> shipped;
    private final Diagrams diagrams;
    private final RepositoryService repository;
    private final JdbcTemplate jdbc;
    private final WorkflowProperties properties;
    /** Keys deployed from the jar by this node since it started or since their override went. */
    private final Set<String> deployed = ConcurrentHashMap.newKeySet();
    /** The operator's files that override a shipped diagram, by process key (as of the watcher's last look). */
    private volatile Map<String, Path> overrides = Map.of();

    ShippedDiagrams(Diagrams diagrams, RepositoryService repository, JdbcTemplate jdbc, WorkflowProperties properties) {
        this.diagrams = diagrams;
        this.repository = repository;
        this.jdbc = jdbc;
        this.properties = properties;
        this.shipped = properties.bpmn().shipped() ? load() : Map.of();
    }

    record Shipped(String key, String fileName, byte[] xml, String sha256) {
    }

    private static Map<String, Shipped> load() {
        Map<String, Shipped> found = new LinkedHashMap<>();
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:bpmn/*.bpmn");
            Arrays.sort(resources, java.util.Comparator.comparing(Resource::getFilename));
            for (Resource resource : resources) {
                byte[] xml;
                try (InputStream in = resource.getInputStream()) {
                    xml = in.readAllBytes();
                }
                String key = DiagramXml.processKey(xml);
                if (key != null) {
                    found.putIfAbsent(key, new Shipped(key, key + ".bpmn", xml, DiagramXml.sha256(xml)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the shipped diagrams from the jar", e);
        }
        return found;
    }

    /** The process keys that come with the jar (none with {@code fediflow.bpmn.shipped=false}). */
    public Set<String> keys() {
        return shipped.keySet();
    }

    /** True when these bytes are exactly the jar's diagram of this key (so a file holding them overrides nothing). */
    boolean isShippedCopy(String key, byte[] xml) {
        Shipped s = shipped.get(key);
        return s != null && Arrays.equals(s.xml(), xml);
    }

    /**
     * Called by the watcher after each look at the folder: every shipped diagram that is switched on and has no
     * override is deployed from the jar (a new version only when it differs from the latest).
     */
    void reconcile(Map<String, Path> overridesNow) {
        overrides = Map.copyOf(overridesNow);
        for (Shipped s : shipped.values()) {
            if (!properties.enabled(s.key())) {
                continue;
            }
            if (overrides.containsKey(s.key())) {
                deployed.remove(s.key());
                continue;
            }
            if (deployed.contains(s.key())) {
                continue;
            }
            if (deployFromJar(s)) {
                deployed.add(s.key());
                remember(s.key(), s.sha256());
            }
        }
    }

    private boolean deployFromJar(Shipped s) {
        if (latestHolds(s)) {
            return true;
        }
        DeploymentOutcome outcome;
        try {
            outcome = diagrams.deploy(s.fileName(), s.xml(), null, false);
            if (outcome instanceof DeploymentOutcome.Deployed d && !d.changed() && !latestHolds(s)) {
                // The operator's version of it had another file name and is gone now: the jar's comes back.
                outcome = diagrams.deploy(s.fileName(), s.xml(), null, true);
            }
        } catch (RuntimeException e) {
            outcome = new DeploymentOutcome.Rejected(s.fileName(), List.of(new DiagramProblem(null, e.getMessage())));
        }
        if (outcome instanceof DeploymentOutcome.Rejected rejected) {
            rejected.problems().forEach(p -> log.error("shipped diagram {} not deployed: element {}: {}", s.fileName(),
                    p.elementId() == null ? "-" : p.elementId(), p.message()));
            return false;
        }
        DeploymentOutcome.Deployed d = (DeploymentOutcome.Deployed) outcome;
        if (d.changed()) {
            log.info("shipped diagram {} deployed as {} version {}", s.fileName(), d.key(), d.version());
        }
        return true;
    }

    private boolean latestHolds(Shipped s) {
        ProcessDefinition latest = repository.createProcessDefinitionQuery().processDefinitionKey(s.key()).latestVersion()
                .singleResult();
        if (latest == null) {
            return false;
        }
        try (InputStream in = repository.getResourceAsStream(latest.getDeploymentId(), latest.getResourceName())) {
            return Arrays.equals(in.readAllBytes(), s.xml());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The shipped version the operator last had in use for this key. */
    private void remember(String key, String sha256) {
        if (jdbc.update("UPDATE shipped_diagram SET seen_sha256 = ? WHERE process_key = ?", sha256, key) == 0) {
            try {
                jdbc.update("INSERT INTO shipped_diagram (process_key, seen_sha256) VALUES (?, ?)", key, sha256);
            } catch (DuplicateKeyException e) {
                jdbc.update("UPDATE shipped_diagram SET seen_sha256 = ? WHERE process_key = ?", sha256, key);
            }
        }
    }

    private Optional<String> seen(String key) {
        return jdbc.queryForList("SELECT seen_sha256 FROM shipped_diagram WHERE process_key = ?", String.class, key)
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * Per shipped diagram: where the running version comes from ({@code shipped}, {@code override} or
     * {@code switched-off}), the operator's file, and for an override whether the jar has a newer version than the
     * one they last had in use, with the element differences from their version to it.
     */
    public List<Status> statuses() {
        List<Status> statuses = new ArrayList<>();
        Map<String, Path> current = overrides;
        for (Shipped s : shipped.values()) {
            Path file = current.get(s.key());
            if (!properties.enabled(s.key())) {
                statuses.add(new Status(s.key(), "switched-off", file == null ? null : file.toString(), false, List.of()));
            } else if (file == null) {
                statuses.add(new Status(s.key(), "shipped", null, false, List.of()));
            } else {
                boolean newer = !seen(s.key()).map(s.sha256()::equals).orElse(false);
                List<DiagramXml.Difference> differences = List.of();
                if (newer) {
                    try {
                        differences = DiagramXml.differences(Files.readAllBytes(file), s.xml());
                    } catch (IOException | IllegalArgumentException e) {
                        differences = List.of();
                    }
                }
                statuses.add(new Status(s.key(), "override", file.toString(), newer, differences.stream()
                        .map(d -> new ElementDifference(d.elementId(), d.type(), d.name(), d.change())).toList()));
            }
        }
        return statuses;
    }

    public Optional<Status> status(String key) {
        return statuses().stream().filter(s -> s.key().equals(key)).findFirst();
    }

    /**
     * @param newerShippedVersion the jar holds a version of this diagram the operator has not had in use yet
     * @param differences         from the operator's version to the jar's
     */
    public record Status(String key, String source, String file, boolean newerShippedVersion,
                         List<ElementDifference> differences) {
    }

    public record ElementDifference(String elementId, String type, String name, String change) {
    }

    /**
     * Takes the jar's version instead of the operator's: their file leaves the folder (their version stays in the
     * engine's version history) and the shipped one is deployed. Empty when the key has no override.
     */
    public synchronized Optional<DeploymentOutcome> adopt(String key) {
        Shipped s = shipped.get(key);
        Path file = overrides.get(key);
        if (s == null || file == null) {
            return Optional.empty();
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
        Map<String, Path> rest = new HashMap<>(overrides);
        rest.remove(key);
        overrides = Map.copyOf(rest);
        deployed.remove(key);
        reconcile(rest);
        remember(key, s.sha256());
        log.info("shipped diagram {} adopted; the operator's {} was removed", s.fileName(), file);
        return Optional.of(repository.createProcessDefinitionQuery().processDefinitionKey(key).latestVersion().list()
                .stream().findFirst().<DeploymentOutcome>map(d -> new DeploymentOutcome.Deployed(key, d.getVersion(), true))
                .orElse(new DeploymentOutcome.Rejected(s.fileName(), List.of(new DiagramProblem(null, "not deployed, see the log")))));
    }
}
