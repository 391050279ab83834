package org.fediflow.upgrade;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fediflow.connector.hosts.Commands;
import org.fediflow.connector.hosts.Host;
import org.fediflow.shared.InvalidConfiguration;
import org.springframework.stereotype.Component;

/**
 * The Mastodon hosts of the inventory as a rollout sees them, checked at start, and the argument list of every
 * command a rollout runs on them. A version reaches these lists only as a {@link Version}, so only digits and dots.
 *
 * <p>Docker hosts: the compose project's image tags read {@code ${MASTODON_VERSION}}, which each compose command
 * gets through {@code env}, so pulling and starting a version (and going back to the previous one) is one
 * argument. Native (systemd) hosts: the tag is checked out in {@code source-dir} and the local patch re-applied.
 */
@Component
class Fleet {

    static final List<String> MASTODON_ROLES = List.of("web", "sidekiq", "streaming", "management");

    private final Map<String, Host> inventory;

    Fleet(Commands commands) {
        this.inventory = commands.inventory();
        if (!hosts().isEmpty()) {
            check();
        }
    }

    /** Hosts with a Mastodon role, by name (web1 before web2): the order hosts are pulled and restarted in. */
    List<Host> hosts() {
        return inventory.values().stream().filter(h -> MASTODON_ROLES.stream().anyMatch(h::hasRole))
                .sorted(java.util.Comparator.comparing(Host::name)).toList();
    }

    /** The hosts restarted in a phase: web first, then Sidekiq, then streaming; a host is restarted once. */
    List<String> restartOrder(String role) {
        List<String> earlier = MASTODON_ROLES.subList(0, MASTODON_ROLES.indexOf(role));
        return hosts().stream().filter(h -> h.hasRole(role)).filter(h -> earlier.stream().noneMatch(h::hasRole))
                .map(Host::name).toList();
    }

    Host management() {
        return hosts().stream().filter(h -> h.hasRole("management")).findFirst().orElseThrow(
                () -> new IllegalStateException("no host with role management in fediflow.hosts"));
    }

    Host host(String name) {
        Host host = inventory.get(name);
        if (host == null) {
            throw new IllegalArgumentException("no host '" + name + "' in fediflow.hosts");
        }
        return host;
    }

    /** The upgrade's own checks of the inventory: each one line naming the property. */
    void check() {
        List<Host> hosts = hosts();
        for (Host host : hosts) {
            String prefix = "fediflow.hosts." + host.name();
            if (host.runtime() == null) {
                throw new InvalidConfiguration(prefix + ".runtime", "required for a host with role "
                        + String.join(", ", host.roles()) + " (docker or systemd)");
            }
            if ("docker".equals(host.runtime()) && host.services().isEmpty()) {
                throw new InvalidConfiguration(prefix + ".services", "required when runtime is docker (e.g. web, sidekiq)");
            }
            if ("systemd".equals(host.runtime()) && blank(host.sourceDir())) {
                throw new InvalidConfiguration(prefix + ".source-dir", "required when runtime is systemd (the Mastodon checkout)");
            }
            if (!blank(host.patchFile()) && !"systemd".equals(host.runtime())) {
                throw new InvalidConfiguration(prefix + ".patch-file", "only for runtime systemd");
            }
            if ((host.hasRole("web") || host.hasRole("streaming")) && blank(host.healthUrl())) {
                throw new InvalidConfiguration(prefix + ".health-url", "required for role "
                        + (host.hasRole("web") ? "web (e.g. http://10.0.0.5:3000/health)"
                        : "streaming (e.g. http://10.0.0.7:4000/api/v1/streaming/health)"));
            }
        }
        long managers = hosts.stream().filter(h -> h.hasRole("management")).count();
        if (managers != 1) {
            throw new InvalidConfiguration("fediflow.hosts.*.roles", "exactly one host needs role management "
                    + "(where migrations run), found " + managers);
        }
        if (hosts.stream().noneMatch(h -> h.hasRole("web"))) {
            throw new InvalidConfiguration("fediflow.hosts.*.roles", "no host has role web");
        }
    }

    /** What brings the new code onto a host without starting it. */
    List<List<String>> pull(Host host, Version version) {
        if (docker(host)) {
            return List.of(compose(host, version, "pull", host.services()));
        }
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("git", "-C", host.sourceDir(), "fetch", "--tags", "origin"));
        commands.addAll(checkout(host, version));
        return commands;
    }

    /** Checking out a tag on a native host discards the old patched tree; the patch is then applied again. */
    List<List<String>> checkout(Host host, Version version) {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("git", "-C", host.sourceDir(), "checkout", "--force", version.tag()));
        if (!blank(host.patchFile())) {
            commands.add(List.of("git", "-C", host.sourceDir(), "apply", "--check", host.patchFile()));
            commands.add(List.of("git", "-C", host.sourceDir(), "apply", host.patchFile()));
        }
        return commands;
    }

    List<String> restart(Host host, Version version) {
        if (docker(host)) {
            return compose(host, version, "up", prepend(List.of("-d"), host.services()));
        }
        return prepend(List.of("systemctl", "restart"), host.units());
    }

    /** {@code db:migrate} on the management host; {@code preDeployment} skips the post-deployment migrations. */
    List<String> migrate(Host host, Version version, boolean preDeployment) {
        List<String> rails = List.of("bundle", "exec", "rails", "db:migrate");
        return preDeployment ? rails(host, version, List.of("SKIP_POST_DEPLOYMENT_MIGRATIONS=true"), rails)
                : rails(host, version, List.of(), rails);
    }

    /** An operator's extra command, run like the migrations (in the web image, or in the checkout). */
    List<String> extra(Host host, Version version, List<String> argv) {
        return rails(host, version, List.of(), argv);
    }

    private List<String> rails(Host host, Version version, List<String> env, List<String> argv) {
        List<String> command = new ArrayList<>();
        if (docker(host)) {
            List<String> args = new ArrayList<>(List.of("--rm"));
            env.forEach(e -> {
                args.add("-e");
                args.add(e);
            });
            args.add(host.services().get(0));
            args.addAll(argv);
            return compose(host, version, "run", args);
        }
        command.addAll(List.of("env", "-C", host.sourceDir(), "RAILS_ENV=production"));
        command.addAll(env);
        command.addAll(argv);
        return List.copyOf(command);
    }

    private static List<String> compose(Host host, Version version, String verb, List<String> args) {
        List<String> command = new ArrayList<>(List.of("env", "MASTODON_VERSION=" + version.tag(), "docker", "compose",
                "--project-directory", host.composeDir(), verb));
        command.addAll(args);
        return List.copyOf(command);
    }

    static boolean docker(Host host) {
        return "docker".equals(host.runtime());
    }

    private static List<String> prepend(List<String> first, List<String> rest) {
        List<String> all = new ArrayList<>(first);
        all.addAll(rest);
        return List.copyOf(all);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
