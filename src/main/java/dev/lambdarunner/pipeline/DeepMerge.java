package dev.lambdarunner.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * GitLab's merge for {@code include} and {@code extends} (Ruby's {@code Hash#deep_merge}): hashes merge key by key,
 * recursively; any other value of the override, arrays included, replaces the base's.
 */
final class DeepMerge {

    private DeepMerge() {
    }

    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        override.forEach((key, value) -> merged.put(key, mergeValues(merged.get(key), value)));
        return merged;
    }

    @SuppressWarnings("unchecked")
    private static Object mergeValues(Object base, Object override) {
        if (base instanceof Map<?, ?> baseMap && override instanceof Map<?, ?> overrideMap) {
            return merge((Map<String, Object>) baseMap, (Map<String, Object>) overrideMap);
        }
        return override;
    }
}
