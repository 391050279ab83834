/**
 * Commands on hosts: the inventory ({@code fediflow.hosts.<name>.*}), {@link org.fediflow.connector.hosts.Commands}
 * (an argument list run on this machine or on an inventory host over SSH with a pinned host key, stdout streamed
 * to the caller) and the {@code hosts.run} connector. Exposed as a named interface so backups and upgrade
 * rollouts may build on it.
 */
@org.springframework.modulith.NamedInterface("hosts")
package org.fediflow.connector.hosts;
