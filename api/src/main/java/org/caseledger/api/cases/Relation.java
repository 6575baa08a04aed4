package org.caseledger.api.cases;

/** How someone is related to the person of the case. */
public enum Relation {
    SPOUSE,
    PARENT,
    CHILD,
    SIBLING,
    OTHER_RELATIVE,
    FRIEND,
    NEIGHBOUR,
    COLLEAGUE,
    SELF,
    OTHER
}
