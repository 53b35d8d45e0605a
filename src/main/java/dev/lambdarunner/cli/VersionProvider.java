package dev.lambdarunner.cli;

import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the build's version from the application configuration. */
class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"lambda-gitlab-runner-for-terraform " + version()};
    }

    static String version() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("dev");
    }
}
