"""Signs GitLab-like ID tokens with joserfc (an independent JOSE implementation, moto's own dependency) and
prints its JWKS and the tokens as one JSON object, for the runner's verifier to check: RS256 and ES256."""
import json
import sys
import time

from joserfc import jwt
from joserfc.jwk import ECKey, KeySet, RSAKey

issuer, audience, job_id, project = sys.argv[1:5]
rsa = RSAKey.generate_key(2048, parameters={"kid": "py-rsa", "use": "sig", "alg": "RS256"}, private=True)
ec = ECKey.generate_key("P-256", parameters={"kid": "py-ec", "use": "sig", "alg": "ES256"}, private=True)
now = int(time.time())
claims = {"iss": issuer, "aud": audience, "iat": now, "nbf": now - 5, "exp": now + 300,
          "sub": "project_path:" + project + ":ref_type:branch:ref:main", "project_path": project, "ref": "main",
          "ref_type": "branch", "ref_protected": "true", "job_id": job_id}
print(json.dumps({
    "jwks": KeySet([rsa, ec]).as_dict(private=False),
    "RS256": jwt.encode({"alg": "RS256", "kid": "py-rsa", "typ": "JWT"}, claims, rsa),
    "ES256": jwt.encode({"alg": "ES256", "kid": "py-ec", "typ": "JWT"}, claims, ec, algorithms=["ES256"]),
}))
