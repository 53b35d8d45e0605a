package dev.lambdarunner.job;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a job's {@code image} asks for, when it names a Terraform or OpenTofu image: the tool and, if the name says,
 * its version. Read from the forms GitLab's templates and the usual images use: {@code hashicorp/terraform:1.4},
 * {@code ghcr.io/opentofu/opentofu:1.8}, GitLab's {@code terraform-images/releases/1.4:v1.0.0} (the version is the
 * path, the tag is the image's own release) and the OpenTofu component's {@code gitlab-opentofu:0.50.0-opentofu1.8.0}
 * (the tool's version follows {@code opentofu} in the tag).
 *
 * @param tool    {@code terraform} or {@code tofu}, as a script line names it
 * @param version e.g. {@code 1.4} or {@code 1.8.0}; empty for {@code latest} or no tag
 */
record RequestedTool(String tool, Optional<String> version) {

    private static final String VERSION = "(\\d+\\.\\d+(?:\\.\\d+)?)";
    private static final Pattern EMBEDDED = Pattern.compile("(?:opentofu|tofu|terraform)[-_]?v?" + VERSION
            + "(?![.\\d])");
    private static final Pattern LEADING = Pattern.compile("v?" + VERSION + "(?![.\\d]).*");
    private static final Pattern WHOLE = Pattern.compile(VERSION);

    /** Empty when the image is not about Terraform or OpenTofu. */
    static Optional<RequestedTool> of(String image) {
        if (image == null || image.isBlank()) {
            return Optional.empty();
        }
        String name = image.strip().toLowerCase(Locale.ROOT);
        int digest = name.indexOf('@');
        name = digest < 0 ? name : name.substring(0, digest);
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        String repo = colon > slash ? name.substring(0, colon) : name;
        String tag = colon > slash ? name.substring(colon + 1) : "";
        String tool = repo.contains("tofu") ? "tofu" : repo.contains("terraform") ? "terraform" : null;
        return tool == null ? Optional.empty() : Optional.of(new RequestedTool(tool, version(repo, tag)));
    }

    /** How the job log names the tool. */
    String displayName() {
        return "tofu".equals(tool) ? "OpenTofu" : "Terraform";
    }

    /** True when {@code actual} is this version or a release of it: 1.11 is met by 1.11.4. */
    boolean metBy(String actual) {
        return version.map(v -> actual.equals(v) || actual.startsWith(v + ".")).orElse(true);
    }

    private static Optional<String> version(String repo, String tag) {
        Matcher embedded = EMBEDDED.matcher(tag);
        if (embedded.find()) {
            return Optional.of(embedded.group(1));
        }
        String lastSegment = repo.substring(repo.lastIndexOf('/') + 1);
        if (WHOLE.matcher(lastSegment).matches()) {
            return Optional.of(lastSegment);
        }
        // a wrapper image's own release (gitlab-opentofu:0.50.0) says nothing about the tool inside
        Matcher leading = LEADING.matcher(tag);
        return leading.matches() && !lastSegment.startsWith("gitlab-") ? Optional.of(leading.group(1))
                : Optional.empty();
    }
}
