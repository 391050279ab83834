package org.fediflow.workflow;

import org.fediflow.shared.Failures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.flowable.common.engine.api.FlowableException;
import org.flowable.engine.RepositoryService;
import org.flowable.engine.repository.Deployment;
import org.flowable.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Service;

/**
 * The diagrams folder and the engine's deployments kept in step: a file is validated before it is deployed,
 * and deployed as a new version only when its content changed.
 *
 * <p>Longer than most classes, as one job: every way a file reaches the engine (start, watcher, save, delete)
 * goes through the same validate / deploy-once / put-the-old-file-back steps, and splitting the folder side from
 * the deployment side would split that rollback in two. What the engine says when it refuses is in
 * {@link EngineMessages}.
 */
@Service
public class Diagrams {

    private static final Logger log = LoggerFactory.getLogger(Diagrams.class);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.(bpmn|bpmn20\\.xml)");

    private final DiagramValidator validator;
    private final RepositoryService repository;
    private final Path dir;
    private final List<Path> folders;
    private final ClusterLock clusterLock;
    private final FlowSwitches switches;

    Diagrams(DiagramValidator validator, RepositoryService repository, WorkflowProperties properties,
             ClusterLock clusterLock, FlowSwitches switches) {
        this.switches = switches;
        this.validator = validator;
        this.repository = repository;
        this.clusterLock = clusterLock;
        this.dir = folder(properties.bpmn().dir());
        this.folders = folders(properties.bpmn().dir(), dir);
    }

    /** The folder Fediflow writes diagrams into: {@code fediflow.bpmn.dir}, unset {@code ./data/bpmn}. */
    public Path dir() {
        return dir;
    }

    /** The folders diagrams are read from, the first winning: the operator's {@link #dir()}, then {@code ./bpmn}. */
    public List<Path> folders() {
        return folders;
    }

    static Path folder(Path configured) {
        return (configured == null ? Path.of("data", "bpmn") : configured).toAbsolutePath().normalize();
    }

    /**
     * Without {@code fediflow.bpmn.dir}, {@code ./bpmn} is read as well when it exists: the contract's folder and
     * earlier installs' (docs/adr/0011-shipped-diagrams-come-with-the-jar.md). Nothing is ever written there.
     */
    static List<Path> folders(Path configured, Path dir) {
        Path legacy = Path.of("bpmn").toAbsolutePath().normalize();
        return configured == null && !legacy.equals(dir) && Files.isDirectory(legacy) ? List.of(dir, legacy) : List.of(dir);
    }

    public static boolean isDiagramFileName(String name) {
        return name != null && FILE_NAME.matcher(name).matches();
    }

    /**
     * Validates and deploys; nothing is deployed when there is any problem. One at a time across all nodes: the
     * folder watcher and a save through the API, or two nodes starting together, deploying the same new file at
     * once would otherwise all pass the duplicate check and make one version each.
     */
    public DeploymentOutcome deploy(String fileName, byte[] xml) {
        return deploy(fileName, xml, null, false);
    }

    /** @param author who deployed it (kept as the deployment's category, shown in the version history); null = the folder */
    public DeploymentOutcome deploy(String fileName, byte[] xml, String author) {
        return deploy(fileName, xml, author, false);
    }

    /**
     * @param newVersion deploy even when the latest deployment of this name holds these bytes: a shipped diagram
     *                   coming back after the operator's own version of it (under another file name) was removed
     */
    DeploymentOutcome deploy(String fileName, byte[] xml, String author, boolean newVersion) {
        DeploymentOutcome outcome = deployChecked(fileName, xml, author, newVersion);
        if (outcome instanceof DeploymentOutcome.Deployed deployed) {
            switches.deployed(deployed.key());
        }
        return outcome;
    }

    private DeploymentOutcome deployChecked(String fileName, byte[] xml, String author, boolean newVersion) {
        DeploymentOutcome.Deployed unchanged = newVersion ? null : alreadyDeployed(fileName, xml);
        if (unchanged != null) {
            return unchanged;
        }
        DiagramValidator.Validated validated = validator.validate(xml);
        if (!validated.problems().isEmpty()) {
            return new DeploymentOutcome.Rejected(fileName, validated.problems());
        }
        Deployment deployment;
        try {
            deployment = clusterLock.holding("diagram-deployments", () -> {
                var builder = repository.createDeployment().name(fileName).category(author).addBytes(fileName, xml);
                return (newVersion ? builder : builder.enableDuplicateFiltering()).deploy();
            });
        } catch (FlowableException e) {
            if (EngineMessages.causedBy(e, SQLException.class)) {
                throw e;
            }
            // The engine refused what our checks let through (e.g. a timer start whose expression cannot be evaluated
            // without a run): the diagram is at fault, not the server.
            return new DeploymentOutcome.Rejected(fileName, List.of(new DiagramProblem(
                    EngineMessages.elementNamedIn(validated.model(), xml, Failures.rootMessage(e)),
                    "the engine refused it: " + Failures.rootMessage(e))));
        }
        ProcessDefinition definition = repository.createProcessDefinitionQuery().deploymentId(deployment.getId())
                .orderByProcessDefinitionKey().asc().list().get(0);
        return new DeploymentOutcome.Deployed(definition.getKey(), definition.getVersion(), deployment.isNew());
    }

    /**
     * The latest deployment of this file when it holds these very bytes: every start deploys the whole folder, and
     * parsing and checking each diagram against the BPMN schema again took about a second apiece.
     */
    private DeploymentOutcome.Deployed alreadyDeployed(String fileName, byte[] xml) {
        Deployment latest = repository.createDeploymentQuery().deploymentName(fileName).orderByDeploymentTime().desc()
                .listPage(0, 1).stream().findFirst().orElse(null);
        if (latest == null) {
            return null;
        }
        try (InputStream deployed = repository.getResourceAsStream(latest.getId(), fileName)) {
            if (!java.util.Arrays.equals(deployed.readAllBytes(), xml)) {
                return null;
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        List<ProcessDefinition> definitions = repository.createProcessDefinitionQuery().deploymentId(latest.getId())
                .orderByProcessDefinitionKey().asc().list();
        return definitions.isEmpty() ? null
                : new DeploymentOutcome.Deployed(definitions.get(0).getKey(), definitions.get(0).getVersion(), false);
    }

    /**
     * What the operator API and the editor use: a valid diagram is written into the folder first (so the
     * folder stays the source of truth and a restart does not bring back an older file), then deployed.
     */
    public DeploymentOutcome save(String fileName, byte[] xml) {
        return save(fileName, xml, null);
    }

    /** {@link #save(String, byte[])} by someone: the new version carries their name as its author. */
    public DeploymentOutcome save(String fileName, byte[] sent, String author) {
        if (!isDiagramFileName(fileName)) {
            return new DeploymentOutcome.Rejected(fileName, List.of(new DiagramProblem(null,
                    "file name must look like my-process.bpmn (letters, digits, '.', '_', '-')")));
        }
        Path file = dir.resolve(fileName);
        byte[] xml = DiagramText.keepingText(current(fileName), sent);
        DiagramValidator.Validated validated = validator.validate(xml);
        if (!validated.problems().isEmpty()) {
            DeploymentOutcome.Rejected rejected = new DeploymentOutcome.Rejected(fileName, validated.problems());
            logRejected(rejected);
            return rejected;
        }
        byte[] before;
        try {
            before = Files.exists(file) ? Files.readAllBytes(file) : null;
            write(file, xml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " into " + dir, e);
        }
        DeploymentOutcome outcome = deploy(fileName, xml, author);
        if (outcome instanceof DeploymentOutcome.Rejected rejected) {
            logRejected(rejected);
            try {
                // The folder keeps what runs: the refused file would be refused again at every start.
                if (before == null) {
                    Files.deleteIfExists(file);
                } else {
                    write(file, before);
                }
            } catch (IOException e) {
                log.error("diagram {}: cannot put the previous file back: {}", fileName, e.getMessage());
            }
        }
        return outcome;
    }

    /**
     * The text a save changes: the file of this name in the folders, else the latest deployment of it (a shipped
     * diagram from the jar); null when there is none.
     */
    private byte[] current(String fileName) {
        for (Path folder : folders) {
            Path file = folder.resolve(fileName);
            if (Files.isRegularFile(file)) {
                try {
                    return Files.readAllBytes(file);
                } catch (IOException e) {
                    return null;
                }
            }
        }
        Deployment latest = repository.createDeploymentQuery().deploymentName(fileName).orderByDeploymentTime().desc()
                .listPage(0, 1).stream().findFirst().orElse(null);
        if (latest == null) {
            return null;
        }
        try (InputStream deployed = repository.getResourceAsStream(latest.getId(), fileName)) {
            return deployed.readAllBytes();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void write(Path file, byte[] xml) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".upload-", ".tmp");
        Files.write(temp, xml);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void logRejected(DeploymentOutcome.Rejected rejected) {
        rejected.problems().forEach(p -> log.error("diagram {} not deployed: element {}: {}", rejected.file(),
                p.elementId() == null ? "-" : p.elementId(), p.message()));
    }

    /**
     * Deletes a diagram for the operator: it starts no new runs, and its file moves to {@code .deleted/} inside the
     * folder (not deployed from there, kept for whoever wants it back); runs and history stay.
     *
     * @return false when no diagram has this key
     */
    public boolean delete(String key) {
        List<ProcessDefinition> versions = repository.createProcessDefinitionQuery().processDefinitionKey(key).list();
        if (versions.isEmpty() || switches.isDeleted(key)) {
            return false;
        }
        switches.markDeleted(key);
        Path trash = dir.resolve(".deleted");
        for (String resource : versions.stream().map(ProcessDefinition::getResourceName).distinct().toList()) {
            Path file = dir.resolve(resource).normalize();
            if (file.getParent().equals(dir) && Files.isRegularFile(file)) {
                try {
                    Files.createDirectories(trash);
                    Files.move(file, trash.resolve(resource + "." + System.currentTimeMillis()),
                            StandardCopyOption.ATOMIC_MOVE);
                    log.info("diagram {} deleted: {} moved to {}", key, resource, trash);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot move " + file + " out of " + dir, e);
                }
            }
        }
        return true;
    }

    /** Deploys one file of the folder and logs what happened. */
    DeploymentOutcome deployFile(Path file) {
        String name = file.getFileName().toString();
        byte[] xml;
        try {
            xml = Files.readAllBytes(file);
        } catch (IOException e) {
            log.error("diagram {}: cannot read it: {}", file, e.getMessage());
            return new DeploymentOutcome.Rejected(name, List.of(new DiagramProblem(null, "cannot read: " + e.getMessage())));
        }
        DeploymentOutcome outcome;
        try {
            outcome = deploy(name, xml);
        } catch (RuntimeException e) {
            outcome = new DeploymentOutcome.Rejected(name, List.of(new DiagramProblem(null, e.getMessage())));
        }
        if (outcome instanceof DeploymentOutcome.Rejected rejected) {
            logRejected(rejected);
        } else if (outcome instanceof DeploymentOutcome.Deployed deployed && deployed.changed()) {
            log.info("diagram {} deployed as {} version {}", name, deployed.key(), deployed.version());
        }
        return outcome;
    }

    /** The diagram files of every folder (not of sub-folders such as {@code examples/}); a name in the first wins. */
    List<Path> files() {
        java.util.Map<String, Path> byName = new java.util.LinkedHashMap<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (var stream = Files.list(folder)) {
                stream.filter(p -> isDiagramFileName(p.getFileName().toString()) && Files.isRegularFile(p))
                        .sorted(Comparator.comparing(Path::toString))
                        .forEach(p -> byName.putIfAbsent(p.getFileName().toString(), p));
            } catch (IOException e) {
                log.error("cannot list the diagrams folder {}: {}", folder, e.getMessage());
            }
        }
        return List.copyOf(byName.values());
    }

    /**
     * The operator's folder exists from the first start, so it is plain where to put diagrams. A new folder gets the
     * shipped examples in {@code examples/}, which stay undeployed (only the folder's own files are deployed) until the
     * operator copies one up; the shipped diagrams themselves come from the jar.
     */
    void createFolder() {
        try {
            if (Files.exists(dir)) {
                return;
            }
            Files.createDirectories(dir);
            PathMatchingResourcePatternResolver resources = new PathMatchingResourcePatternResolver();
            for (Resource resource : resources.getResources("classpath*:bpmn/examples/*.bpmn")) {
                Files.createDirectories(dir.resolve("examples"));
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, dir.resolve("examples").resolve(resource.getFilename()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the diagrams folder " + dir
                    + " (set fediflow.bpmn.dir to a folder Fediflow may write)", e);
        }
    }
}
