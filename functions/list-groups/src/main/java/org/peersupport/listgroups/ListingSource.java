package org.peersupport.listgroups;

/** Where the listing comes from: DynamoDB in the stack, a cache in front of it, a fixed one in tests. */
public interface ListingSource {
    Listing load();
}
