/**
 * Named credentials ({@code fediflow.credentials.<name>.*}): a step names one, the secret stays in the configuration.
 * Exposed so deploy-time validation can refuse a diagram naming an unknown credential.
 */
@org.springframework.modulith.NamedInterface("credentials")
package org.fediflow.connector.credentials;
