"""Online story assignment: article profiles, pair features and weights, the index, the assigner."""
