package dev.lambdarunner.lambda;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** The handler against the GitLab fake and moto's Lambda, with the short timings of {@link LambdaTestResource}. */
public class LambdaTestProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LambdaTestResource.class));
    }
}
