package org.peersupport.listgroups;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.peersupport.shared.model.PublicGroup;

/** What the public site can see at one moment: every group that is not archived, and the closures. */
public record Listing(List<PublicGroup> groups, Set<LocalDate> closures) {
    public Listing {
        groups = List.copyOf(groups);
        closures = Set.copyOf(closures);
    }
}
