package dev.lambdarunner.gitlab.dto;

import java.util.List;
import java.util.Objects;

/** GitLab sends {@code null} (even {@code [null]}) where a list is empty; payload records normalise that here. */
final class Lists {
    private Lists() {
    }

    static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }
}
