package org.fediflow.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

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
 */
@Service
public class Diagrams {

    private static final Logger log = LoggerFactory.getLogger(Diagrams.class);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,120}\\.(bpmn|bpmn20\\.xml)");

    private final DiagramValidator validator;
    private final RepositoryService repository;
    private final Path dir;
    private final ClusterLock clusterLock;
    private final FlowSwitches switches;

    Diagrams(DiagramValidator validator, RepositoryService repository, WorkflowProperties properties,
             ClusterLock clusterLock, FlowSwitches switches) {
        this.switches = switches;
        this.validator = validator;
        this.repository = repository;
        this.clusterLock = clusterLock;
        this.dir = properties.bpmn().dir().toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
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
        DeploymentOutcome outcome = deployChecked(fileName, xml);
        if (outcome instanceof DeploymentOutcome.Deployed deployed) {
            switches.deployed(deployed.key());
        }
        return outcome;
    }

    private DeploymentOutcome deployChecked(String fileName, byte[] xml) {
        DeploymentOutcome.Deployed unchanged = alreadyDeployed(fileName, xml);
        if (unchanged != null) {
            return unchanged;
        }
        DiagramValidator.Validated validated = validator.validate(xml);
        if (!validated.problems().isEmpty()) {
            return new DeploymentOutcome.Rejected(fileName, validated.problems());
        }
        Deployment deployment = clusterLock.holding("diagram-deployments", () -> repository.createDeployment()
                .name(fileName)
                .addBytes(fileName, xml)
                .enableDuplicateFiltering()
                .deploy());
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
        if (!isDiagramFileName(fileName)) {
            return new DeploymentOutcome.Rejected(fileName, List.of(new DiagramProblem(null,
                    "file name must look like my-process.bpmn (letters, digits, '.', '_', '-')")));
        }
        DiagramValidator.Validated validated = validator.validate(xml);
        if (!validated.problems().isEmpty()) {
            return new DeploymentOutcome.Rejected(fileName, validated.problems());
        }
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".upload-", ".tmp");
            Files.write(temp, xml);
            Files.move(temp, dir.resolve(fileName), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + fileName + " into " + dir, e);
        }
        return deploy(fileName, xml);
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
            rejected.problems().forEach(p -> log.error("diagram {} not deployed: element {}: {}", name,
                    p.elementId() == null ? "-" : p.elementId(), p.message()));
        } else if (outcome instanceof DeploymentOutcome.Deployed deployed && deployed.changed()) {
            log.info("diagram {} deployed as {} version {}", name, deployed.key(), deployed.version());
        }
        return outcome;
    }

    List<Path> files() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var stream = Files.list(dir)) {
            return stream.filter(p -> isDiagramFileName(p.getFileName().toString()) && Files.isRegularFile(p))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            log.error("cannot list the diagrams folder {}: {}", dir, e.getMessage());
            return List.of();
        }
    }

    /** A new installation gets the shipped diagrams as files it can edit. */
    void seedIfMissing() {
        if (Files.exists(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:bpmn/*.bpmn")) {
                try (InputStream in = resource.getInputStream()) {
                    Files.copy(in, dir.resolve(resource.getFilename()));
                }
            }
            log.info("created the diagrams folder {} with the shipped diagrams", dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the diagrams folder " + dir, e);
        }
    }
}
