package io.peercensus.examples.cli;

import picocli.CommandLine.IVersionProvider;

/** The version shown by {@code --version}, from the jar's manifest. Stateless and thread-safe. */
public final class VersionProvider implements IVersionProvider {
    /** {@code peercensus <version>}. */
    @Override
    public String[] getVersion() {
        String v = PeercensusCommand.class.getPackage().getImplementationVersion();
        return new String[] {"peercensus " + (v == null ? "(development build)" : v)};
    }
}
