package io.jlivepatch.core.load;

/** Descriptors of the patch API's annotations, as they appear in class files. */
final class ApiNames {

    static final String LIVE_PATCH = "Lio/jlivepatch/api/LivePatch;";
    static final String PATCH = "Lio/jlivepatch/api/Patch;";
    static final String REPLACE = "Lio/jlivepatch/api/Replace;";
    static final String SHADOW = "Lio/jlivepatch/api/Shadow;";
    static final String PRE_PATCH = "Lio/jlivepatch/api/PrePatch;";
    static final String POST_PATCH = "Lio/jlivepatch/api/PostPatch;";
    static final String PRE_UNPATCH = "Lio/jlivepatch/api/PreUnpatch;";
    static final String POST_UNPATCH = "Lio/jlivepatch/api/PostUnpatch;";
    static final String PATCH_CONTEXT = "Lio/jlivepatch/api/PatchContext;";

    private ApiNames() {
    }
}
