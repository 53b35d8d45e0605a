package dev.lambdarunner.terraform;

import dev.lambdarunner.terraform.WrapperTool.Feature;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The invocations of one wrapper subcommand, shared by both wrappers (the {@code tofu} column only where
 * gitlab-tofu differs):
 * <ul>
 *   <li>{@code init}: {@code init -input=false -reconfigure ${INIT_FLAGS}} ({@code INIT_NO_RECONFIGURE=true} drops
 *       {@code -reconfigure}); {@code plan}, {@code apply}, {@code destroy}, {@code validate} (with
 *       {@code -backend=false}) and, tofu, {@code test} (as validate) and {@code graph} init first when
 *       {@code IMPLICIT_INIT} is unset, empty or {@code true};</li>
 *   <li>{@code plan}: {@code plan -input=false -out=<cache>}; {@code plan-json}: {@code show -json <cache>} turned
 *       into the merge-request report; {@code apply}: {@code apply -input=false [-auto-approve (tofu)] <cache>};
 *       {@code destroy}: {@code destroy -auto-approve}; {@code fmt}: {@code fmt -check -diff -recursive};
 *       {@code --} or anything else goes to the tool as it is;</li>
 *   <li>tofu: {@code --var-file}, {@code -detailed-exitcode}, {@code -lock=false}, the plan report right after
 *       {@code plan}, ignorable init errors and a plan-less apply, each under its {@link Feature}.</li>
 * </ul>
 */
record WrapperCommands(WrapperTool tool, WrapperRequest request, Optional<Path> root) {

    List<WrapperPlan.Step> steps(Path cache, Path json) {
        List<WrapperPlan.Step> steps = new ArrayList<>();
        switch (subcommand()) {
            case "apply" -> init(steps, List.of()).add(apply(cache));
            case "destroy" -> init(steps, List.of()).add(run(user().add("-auto-approve"), false));
            case "fmt" -> steps.add(run(user().add("-check").add("-diff").add("-recursive"), false));
            case "init" -> steps.add(initStep(1, List.of()));
            case "plan" -> {
                init(steps, List.of()).add(plan(cache));
                if (option(Feature.PLAN_OPTIONS, "PLAN_WITH_JSON")) {
                    steps.add(planJson(cache, json));
                }
            }
            case "plan-json" -> steps.add(planJson(cache, json));
            case "validate", "test" -> init(steps, List.of("-backend=false")).add(run(varFile(user()), false));
            case "graph" -> init(steps, List.of()).add(run(varFile(user()), false));
            case "--" -> steps.add(run(chdir().addUser(request, 1), false));
            default -> steps.add(run(user(), false));
        }
        return steps;
    }

    /** The first argument, where this wrapper knows it as a subcommand; else empty (passed to the tool as it is). */
    private String subcommand() {
        String command = request.args().get(0);
        boolean tofuOnly = "test".equals(command) || "graph".equals(command);
        return tofuOnly && !tool.has(Feature.TEST_AND_GRAPH) ? "" : command;
    }

    private WrapperPlan.Step apply(Path cache) {
        ArgList args = user().add("-input=false");
        if (!tool.has(Feature.AUTO_APPROVED_APPLY)) {
            return run(args.add(cache.toString()), false);
        }
        args.add("-auto-approve");
        return run(option(Feature.AUTO_APPROVED_APPLY, "APPLY_NO_PLAN") ? varFile(args) : args.add(cache.toString()), false);
    }

    private WrapperPlan.Step plan(Path cache) {
        ArgList args = varFile(user().add("-input=false").add("-out=" + cache));
        boolean detailed = option(Feature.PLAN_OPTIONS, "USE_DETAILED_EXITCODE");
        if (detailed) {
            args.add("-detailed-exitcode");
        }
        if (option(Feature.PLAN_OPTIONS, "ALLOW_DEVELOPER_ROLE")) {
            args.add("-lock=false");
        }
        return new WrapperPlan.Run(args.values(), args.display(tool.binary()), false, detailed);
    }

    private WrapperPlan.Step planJson(Path cache, Path json) {
        ArgList show = chdir().add("show").add("-json").add(cache.toString());
        return new WrapperPlan.PlanJson(show.values(), show.display(tool.binary()) + " > " + json, json);
    }

    /** Adds the implicit init (the wrapper runs {@code "$IMPLICIT_INIT" && init}: only the value true inits). */
    private List<WrapperPlan.Step> init(List<WrapperPlan.Step> steps, List<String> extra) {
        if (flag("IMPLICIT_INIT", true)) {
            steps.add(initStep(request.args().size(), extra));
        }
        return steps;
    }

    /** {@code init <args from userFrom> <extra> -input=false [-reconfigure] ${INIT_FLAGS} [--var-file]}. */
    private WrapperPlan.Step initStep(int userFrom, List<String> extra) {
        ArgList args = chdir().add("init").addUser(request, userFrom);
        extra.forEach(args::add);
        args.add("-input=false");
        if (!flag("INIT_NO_RECONFIGURE", false)) {
            args.add("-reconfigure");
        }
        String flags = tool.variable("INIT_FLAGS");
        request.get(flags).ifPresent(f -> args.addWords(f, flags));
        return run(varFile(args), option(Feature.IGNORABLE_INIT_ERRORS, "IGNORE_INIT_ERRORS"));
    }

    private ArgList varFile(ArgList args) {
        if (tool.has(Feature.VAR_FILE)) {
            String name = tool.variable("VAR_FILE");
            request.get(name).ifPresent(f -> args.add("--var-file=" + f, "--var-file=${" + name + "}"));
        }
        return args;
    }

    private ArgList chdir() {
        ArgList args = new ArgList();
        root.ifPresent(r -> args.add("-chdir=" + r));
        return args;
    }

    private ArgList user() {
        return chdir().addUser(request, 0);
    }

    /** A boolean variable of a feature; false where the wrapper lacks the feature (its variable is not read). */
    private boolean option(Feature feature, String name) {
        return tool.has(feature) && flag(name, false);
    }

    /** The wrapper's variable {@code name} is {@code true}; {@code fallback} when unset or empty. */
    private boolean flag(String name, boolean fallback) {
        return request.get(tool.variable(name)).map("true"::equals).orElse(fallback);
    }

    private WrapperPlan.Run run(ArgList args, boolean ignoreFailure) {
        return new WrapperPlan.Run(args.values(), args.display(tool.binary()), ignoreFailure);
    }
}
