/** A serving stack that meters its inference with GreenSlice. */
module example.consumer {
    requires dev.greenslice.carbon;
    exports example.consumer;
}
