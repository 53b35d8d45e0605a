package dev.lambdarunner.terraform;

import java.util.ArrayList;
import java.util.List;

/** Arguments of one planned invocation, each with the form the job log shows. */
final class ArgList {

    private final List<String> values = new ArrayList<>();
    private final List<String> shown = new ArrayList<>();

    /** An argument the wrapper adds itself (paths, flags): shown as it is. */
    ArgList add(String value) {
        return add(value, value);
    }

    ArgList add(String value, String display) {
        values.add(value);
        shown.add(display);
        return this;
    }

    /** The script's arguments {@code from} (inclusive) on. */
    ArgList addUser(WrapperRequest request, int from) {
        for (int i = from; i < request.args().size(); i++) {
            add(request.args().get(i), request.display().get(i));
        }
        return this;
    }

    /** A variable's value split into words at blanks, as the wrapper's unquoted {@code ${TF_INIT_FLAGS}} is. */
    ArgList addWords(String value, String variable) {
        for (String word : value.trim().split("\\s+")) {
            if (!word.isEmpty()) {
                add(word, "${" + variable + "}");
            }
        }
        return this;
    }

    List<String> values() {
        return List.copyOf(values);
    }

    String display(String tool) {
        List<String> unique = new ArrayList<>();
        String previous = null;
        for (String s : shown) {
            // one ${TF_INIT_FLAGS} for all the words it split into
            if (!(s.startsWith("${") && s.equals(previous))) {
                unique.add(s);
            }
            previous = s;
        }
        return tool + (unique.isEmpty() ? "" : " " + String.join(" ", unique));
    }
}
