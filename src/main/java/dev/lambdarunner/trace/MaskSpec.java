package dev.lambdarunner.trace;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a job's log must not show (protocol reference §5.2): exact secret values, replaced by {@code [MASKED]}
 * wherever they occur, and token prefixes, after which the token's characters are replaced.
 *
 * @param values        secret values, each non-empty; every occurrence becomes {@code [MASKED]}
 * @param tokenPrefixes public token prefixes such as {@code glpat-}; the prefix stays readable and the run of
 *                      {@code [A-Za-z0-9._=-]} after it becomes {@code [MASKED]}
 */
public record MaskSpec(List<String> values, List<String> tokenPrefixes) {

    /** Prefixes masked in every job: personal access, runner and CI job tokens. */
    static final List<String> DEFAULT_TOKEN_PREFIXES = List.of("glpat-", "glrt-", "glcbt-");

    /** @throws IllegalArgumentException if a value or prefix is empty: it would match everywhere */
    public MaskSpec {
        values = List.copyOf(values);
        tokenPrefixes = List.copyOf(tokenPrefixes);
        if (values.stream().anyMatch(String::isEmpty) || tokenPrefixes.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("creating mask spec: empty value or prefix would mask every byte");
        }
    }

    /**
     * The spec for one job.
     *
     * @param maskedValues       the job's masked variable values and resolved secrets; nulls and empty strings
     *                           are dropped, duplicates removed
     * @param extraTokenPrefixes e.g. the job's {@code features.token_mask_prefixes}, added to the defaults
     */
    public static MaskSpec of(Collection<String> maskedValues, Collection<String> extraTokenPrefixes) {
        Set<String> prefixes = new LinkedHashSet<>(DEFAULT_TOKEN_PREFIXES);
        prefixes.addAll(nonEmpty(extraTokenPrefixes));
        return new MaskSpec(new ArrayList<>(nonEmpty(maskedValues)), new ArrayList<>(prefixes));
    }

    /** This spec with {@code more} values masked as well (nulls and empty strings dropped). */
    public MaskSpec withValues(Collection<String> more) {
        Set<String> all = new LinkedHashSet<>(values);
        all.addAll(nonEmpty(more));
        return new MaskSpec(new ArrayList<>(all), tokenPrefixes);
    }

    private static Set<String> nonEmpty(Collection<String> strings) {
        Set<String> kept = new LinkedHashSet<>();
        if (strings != null) {
            strings.stream().filter(Objects::nonNull).filter(s -> !s.isEmpty()).forEach(kept::add);
        }
        return kept;
    }

    /** Counts only: the values are secrets. */
    @Override
    public String toString() {
        return "MaskSpec[values=" + values.size() + ", tokenPrefixes=" + tokenPrefixes.size() + "]";
    }
}
