package dev.lambdarunner.testsupport;

import dev.lambdarunner.config.RunnerConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.util.Map;

/** A real {@link RunnerConfig} from properties, without booting Quarkus (defaults apply as in the application). */
public final class TestConfig {

    private TestConfig() {
    }

    /** @param properties e.g. {@code Map.of("runner.secrets.secret-id", "x")} */
    public static RunnerConfig runner(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(RunnerConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return config.getConfigMapping(RunnerConfig.class);
    }
}
