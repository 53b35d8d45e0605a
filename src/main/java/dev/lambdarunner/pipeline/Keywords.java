package dev.lambdarunner.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Job keywords that a GitLab runner acts on and this one does not: ignored (the job still runs) or refused. */
final class Keywords {

    private Keywords() {
    }

    /** {@code keyword (value): why} for each ignored keyword the job has. */
    static List<String> ignored(Map<String, Object> keywords) {
        List<String> ignored = new ArrayList<>();
        note(ignored, keywords, "image", "Terraform comes from the runner, no image is pulled");
        note(ignored, keywords, "services", "no containers run beside the job");
        note(ignored, keywords, "cache", "the runner keeps no job cache (providers are cached by the runner itself)");
        return ignored;
    }

    /** {@code keyword: why} for each keyword that makes the runner fail the job before it starts. */
    static List<String> refused(Map<String, Object> keywords) {
        if (keywords.get("release") != null) {
            return List.of("release: GitLab sends it as a release step, and this runner runs only script and after_script");
        }
        return List.of();
    }

    private static void note(List<String> notes, Map<String, Object> keywords, String keyword, String why) {
        Object value = keywords.get(keyword);
        if (value != null) {
            notes.add(keyword + " (" + summary(value) + "): " + why);
        }
    }

    /** {@code image: name} or {@code image: {name: ...}}; services as names; cache as its key or paths. */
    private static String summary(Object value) {
        if (value instanceof Map<?, ?> map) {
            Object name = map.get("name") != null ? map.get("name") : map.get("key");
            return name != null ? String.valueOf(name) : String.valueOf(map.get("paths"));
        }
        if (value instanceof List<?> list) {
            return String.join(", ", list.stream().map(Keywords::summary).toList());
        }
        return String.valueOf(value);
    }
}
