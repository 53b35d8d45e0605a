package dev.lambdarunner.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entry point of every request: reads and records it, checks the runner headers (not on git requests, which come
 * from git or JGit), applies injected faults and routes to the endpoint. Anything the fake does not simulate is
 * answered 404 and reported as a violation.
 */
final class Dispatcher implements HttpHandler {
    private static final Pattern JOB = Pattern.compile("/api/v4/jobs/(\\d+)");
    private static final Pattern TRACE = Pattern.compile("/api/v4/jobs/(\\d+)/trace");
    private final Consumer<RecordedRequest> recorder;
    private final Violations violations;
    private final RequestChecks checks;
    private final Faults faults;
    private final RunnerEndpoints runnerEndpoints;
    private final JobUpdateEndpoint jobUpdate;
    private final TraceEndpoint trace;
    private final GitBackend git;
    private final RegistrationEndpoints registration;
    private final TerraformStateEndpoint terraformState;
    private final ArtifactsEndpoint artifacts;

    /** The endpoints the dispatcher routes to. */
    record Endpoints(RunnerEndpoints runner, JobUpdateEndpoint jobUpdate, TraceEndpoint trace, GitBackend git,
                     TerraformStateEndpoint terraformState, ArtifactsEndpoint artifacts,
                     RegistrationEndpoints registration) {
    }

    Dispatcher(Consumer<RecordedRequest> recorder, Violations violations, Faults faults, Endpoints endpoints) {
        this.recorder = recorder;
        this.violations = violations;
        this.checks = new RequestChecks(violations);
        this.faults = faults;
        this.runnerEndpoints = endpoints.runner();
        this.jobUpdate = endpoints.jobUpdate();
        this.trace = endpoints.trace();
        this.git = endpoints.git();
        this.registration = endpoints.registration();
        this.terraformState = endpoints.terraformState();
        this.artifacts = endpoints.artifacts();
    }

    @Override
    public void handle(HttpExchange exchange) {
        Call call = null;
        try {
            call = Call.read(exchange, recorder);
            dispatch(call);
        } catch (IOException e) {
            // the client went away mid-exchange; there is nobody left to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            violations.add("fake gitlab failed to answer " + exchange.getRequestURI().getPath() + ": " + e);
            if (call != null) {
                trySend(call, Reply.message(500));
            }
        } finally {
            exchange.close();
        }
    }

    private void dispatch(Call call) throws IOException, InterruptedException {
        boolean gitRequest = GitBackend.handles(call.path);
        // git and Terraform's http backend send their own headers, not the runner's
        if (!gitRequest && !TerraformStateEndpoint.handles(call.path)) {
            checks.runnerHeaders(call);
        }
        Optional<Answer> scripted = faults.takeScripted(call.path);
        Optional<Reply> fault = scripted.isPresent() ? Optional.empty() : faults.injected(call.path);
        if (scripted.isPresent()) {
            checks.protocol(call);
            Thread.sleep(scripted.get().delay().toMillis());
            if (!scripted.get().hangsUp()) { // unanswered, the exchange's close drops the connection
                call.send(scripted.get().reply());
            }
        } else if (fault.isPresent()) {
            call.send(fault.get());
        } else if (gitRequest) {
            git.handle(call);
        } else {
            call.send(route(call));
        }
    }

    private Reply route(Call call) throws InterruptedException {
        Matcher job = JOB.matcher(call.path);
        Matcher trace = TRACE.matcher(call.path);
        if (call.path.equals("/api/v4/runners/verify")) {
            return expect(call, "POST") ? runnerEndpoints.verify(call) : notAllowed(call);
        } else if (call.path.equals("/api/v4/jobs/request")) {
            return expect(call, "POST") ? runnerEndpoints.request(call) : notAllowed(call);
        } else if (job.matches()) {
            return expect(call, "PUT") ? jobUpdate.update(call, Long.parseLong(job.group(1))) : notAllowed(call);
        } else if (trace.matches()) {
            return expect(call, "PATCH") ? this.trace.patch(call, Long.parseLong(trace.group(1))) : notAllowed(call);
        } else if (call.path.equals("/api/v4/user/runners")) {
            return expect(call, "POST") ? registration.createUserRunner(call) : notAllowed(call);
        } else if (call.path.equals("/api/v4/runners")) {
            return expect(call, "POST") ? registration.registerLegacy(call) : notAllowed(call);
        } else if (ArtifactsEndpoint.handles(call.path)) {
            return artifacts.handle(call);
        } else if (TerraformStateEndpoint.handles(call.path)) {
            return terraformState.handle(call);
        }
        violations.add(call, "endpoint not simulated by the fake GitLab");
        return Reply.message(404);
    }

    private static boolean expect(Call call, String method) {
        return call.method.equals(method);
    }

    private Reply notAllowed(Call call) {
        violations.add(call, "method not allowed");
        return Reply.message(405);
    }

    private static void trySend(Call call, Reply reply) {
        try {
            call.send(reply);
        } catch (IOException | RuntimeException e) {
            // the answer had started already or the client went away; nothing more to tell it
        }
    }
}
