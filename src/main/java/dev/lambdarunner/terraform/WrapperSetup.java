package dev.lambdarunner.terraform;

import dev.lambdarunner.sensitive.Secret;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one wrapper's variables come to before any subcommand is planned.
 *
 * @param root        the directory every invocation runs in ({@code -chdir}), if one is set
 * @param cache       the plan cache file ({@code plan -out}, {@code apply}, {@code show -json})
 * @param json        the merge-request plan report
 * @param environment the complete environment of every invocation
 * @param secrets     values of that environment to mask in the job log
 * @param notes       warnings the wrapper would print
 */
record WrapperSetup(Optional<Path> root, Path cache, Path json, Map<String, String> environment, List<Secret> secrets,
                    List<String> notes) {
}
