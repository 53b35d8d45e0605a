package dev.lambdarunner.job;

import dev.lambdarunner.gitlab.dto.JobCache;
import dev.lambdarunner.gitlab.dto.JobResponse;
import dev.lambdarunner.gitlab.dto.JobService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The job log's notes on payload fields this runner does not follow: {@code image} (its own Terraform runs, so a
 * Terraform or OpenTofu image whose version differs from the runner's gets named), {@code services} and
 * {@code cache}. Notes only: none of them fails a job, as GitLab's templates set all three.
 */
final class ImageNotes {

    private ImageNotes() {
    }

    /**
     * @param versions the version the runner's binary for a tool ({@code terraform} or {@code tofu}) reports; only
     *                 asked when the image names a tool, as asking may start the binary once
     */
    static List<String> of(JobResponse job, Function<String, Optional<String>> versions) {
        List<String> notes = new ArrayList<>();
        String image = job.image().name();
        if (image != null && !image.isBlank()) {
            imageNote(image, versions).ifPresent(notes::add);
        }
        if (!job.services().isEmpty()) {
            notes.add("services " + job.services().stream().map(ImageNotes::serviceName)
                    .collect(Collectors.joining(", ")) + " are ignored: this runner starts no service containers");
        }
        if (!job.cache().isEmpty()) {
            notes.add("cache " + job.cache().stream().map(JobCache::key).map(k -> k == null ? "(no key)" : k)
                    .collect(Collectors.joining(", ")) + " is ignored: this runner keeps no cache between jobs");
        }
        return notes;
    }

    private static Optional<String> imageNote(String image, Function<String, Optional<String>> versions) {
        Optional<RequestedTool> requested = RequestedTool.of(image);
        if (requested.isEmpty()) {
            return Optional.of("image " + image + " is ignored: this runner runs its own Terraform");
        }
        RequestedTool asked = requested.get();
        // an OpenTofu image runs on the runner's tofu when it has one, else gitlab-tofu lines are refused anyway
        String tool = asked.tool().equals("tofu") && versions.apply("tofu").isPresent() ? "tofu" : "terraform";
        String runs = (tool.equals("tofu") ? "OpenTofu" : "Terraform")
                + versions.apply(tool).map(v -> " " + v).orElse("");
        if (asked.version().isEmpty()) {
            return Optional.of("image " + image + " is ignored: this runner runs " + runs);
        }
        Optional<String> actual = versions.apply(tool);
        if (actual.isPresent() && tool.equals(asked.tool()) && asked.metBy(actual.get())) {
            return Optional.empty();
        }
        return Optional.of("the job asks for " + asked.displayName() + " " + asked.version().get() + " (image "
                + image + "); this runner runs " + runs);
    }

    private static String serviceName(JobService service) {
        String name = service.name() == null ? "(no name)" : service.name();
        return service.alias() == null || service.alias().isBlank() ? name : name + " (" + service.alias() + ")";
    }
}
