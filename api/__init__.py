"""HTTP interface of Ainori: translates requests into calls to routing, rides and maps."""
