package dev.lambdarunner.entry;

import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The {@code Lambda-Runtime-Cognito-Identity} header's JSON ({@code cognitoIdentityId}, {@code cognitoIdentityPoolId}):
 * a concrete type for {@link CognitoIdentity}, an interface Jackson cannot create.
 */
@RegisterForReflection
record CognitoIdentityHeader(@JsonProperty("cognitoIdentityId") String identityId,
                             @JsonProperty("cognitoIdentityPoolId") String identityPoolId) implements CognitoIdentity {

    @Override
    public String getIdentityId() {
        return identityId;
    }

    @Override
    public String getIdentityPoolId() {
        return identityPoolId;
    }
}
