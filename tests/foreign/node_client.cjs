// Drives the Evo Voice mock host with ServiceStack's own TypeScript/JavaScript client
// (npm `@servicestack/client`) under node.
//
// Usage: node node_client.cjs BASE_URL NODE_PREFIX
// NODE_PREFIX is the folder `npm install --prefix` installed the client into. Prints `ok` and
// exits 0 when every check holds; exits 1 with the failed check otherwise.

const assert = require("node:assert/strict");
const path = require("node:path");

const [baseUrl, prefix] = process.argv.slice(2);
const { JsonServiceClient } = require(path.join(prefix, "node_modules", "@servicestack", "client"));

// Request DTOs as ServiceStack's TypeScript generator writes them.
function dto(typeName, method) {
    return class {
        constructor(init) { Object.assign(this, init); }
        getTypeName() { return typeName; }
        getMethod() { return method; }
        createResponse() { return {}; }
    };
}
const CreateSession = dto("CreateSession", "POST");
const GetSession = dto("GetSession", "GET");
const InviteChatMember = dto("InviteChatMember", "POST");
const DeleteChatMember = dto("DeleteChatMember", "DELETE");
const PatchSession = dto("PatchSession", "PATCH");

const identities = (session) => (session.members || []).map((member) => member.identity);

async function expectError(call) {
    try {
        await call();
    } catch (error) {
        return error;
    }
    assert.fail("the call succeeded");
}

async function main() {
    const client = new JsonServiceClient(baseUrl);

    // The session routes, on the client's default `/api/{Name}` route; GET and DELETE carry
    // `Content-Type: application/json` with no body, as this client always sends it.
    const created = await client.post(new CreateSession({ displayName: "Node chat", channel: "Chat" }));
    assert.ok(created.id);
    assert.equal(created.displayName, "Node chat");
    assert.equal(created.channel, "Chat");
    const sessionId = created.id;

    const invited = await client.post(new InviteChatMember({ sessionId, memberToAdd: "ann@example.com" }));
    assert.deepEqual(identities(invited), ["ann@example.com"]);
    assert.equal(invited.members[0].role, "Agent");

    const read = await client.get(new GetSession({ sessionId }));
    assert.equal(read.id, sessionId);
    assert.deepEqual(identities(read), ["ann@example.com"]);

    const patched = await client.patch(new PatchSession({ sessionId, consoleData: "from node" }));
    assert.equal(patched.consoleData, "from node");

    const removed = await client.delete(new DeleteChatMember({ sessionId, memberToRemove: "ann@example.com" }));
    assert.deepEqual(identities(removed), []);

    // One batch: `POST /api/InviteChatMember[]`.
    const answers = await client.sendAll([
        new InviteChatMember({ sessionId, memberToAdd: "bob@example.com" }),
        new InviteChatMember({ sessionId, memberToAdd: "+15550111" }),
    ]);
    assert.equal(answers.length, 2);
    assert.deepEqual(identities(answers[0]), ["bob@example.com"]);
    assert.deepEqual(identities(answers[1]), ["bob@example.com", "+15550111"]);

    // A 400 with field errors, as the client's own error object shows it.
    const invalid = await expectError(() => client.post(new InviteChatMember({ sessionId })));
    assert.equal(invalid.responseStatus.errorCode, "NotEmpty");
    assert.equal(invalid.responseStatus.message, "'Member To Add' must not be empty.");
    assert.deepEqual(
        invalid.responseStatus.errors.map((e) => [e.errorCode, e.fieldName, e.message]),
        [["NotEmpty", "MemberToAdd", "'Member To Add' must not be empty."]],
    );
    // The same through `api()`, which returns the status instead of throwing.
    const result = await client.api(new InviteChatMember({ sessionId }));
    assert.ok(result.failed);
    assert.equal(result.errorCode, "NotEmpty");
    assert.equal(result.errors[0].fieldName, "MemberToAdd");

    // A 404.
    const missing = await expectError(() => client.get(new GetSession({ sessionId: "nope" })));
    assert.equal(missing.responseStatus.errorCode, "NotFound");
    assert.equal(missing.responseStatus.message, "Session 'nope' not found");
    assert.deepEqual(missing.responseStatus.errors, []);

    console.log("ok");
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
