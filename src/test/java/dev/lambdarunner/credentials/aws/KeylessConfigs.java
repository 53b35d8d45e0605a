package dev.lambdarunner.credentials.aws;

import dev.lambdarunner.config.RunnerConfig;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.util.HashMap;
import java.util.Map;

/** {@code runner.keyless} as Quarkus reads it from environment variables, without booting Quarkus. */
final class KeylessConfigs {

    private KeylessConfigs() {
    }

    static RunnerConfig.Keyless fromEnv(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(RunnerConfig.class)
                .withSources(new EnvConfigSource(env, 300))
                .withDefaultValue("java.io.tmpdir", "/tmp")
                .build();
        return config.getConfigMapping(RunnerConfig.class).keyless();
    }

    static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }
}
