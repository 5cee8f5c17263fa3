using OnCall.Engine.Json;

namespace OnCall.Engine.Tests.Json;

public sealed class HostConstructorTests
{
    [Fact]
    public void A_constructor_taking_exactly_the_type_is_found_among_wider_ones()
    {
        var found = HostConstructor.Taking(typeof(Newer), typeof(int));

        Assert.NotNull(found);
        Assert.Equal(typeof(int), Assert.Single(found.GetParameters()).ParameterType);
    }

    [Fact]
    public void A_host_with_only_a_wider_constructor_has_none_never_the_wider_one()
    {
        // As Windows PowerShell 5.1's PSObject: new PSObject((object)4) would wrap the number.
        Assert.Null(HostConstructor.Taking(typeof(Older), typeof(int)));
    }

    private sealed class Newer
    {
        public Newer()
        {
        }

        public Newer(object wrapped) => _ = wrapped;

        public Newer(int capacity) => _ = capacity;
    }

    private sealed class Older
    {
        public Older()
        {
        }

        public Older(object wrapped) => _ = wrapped;
    }
}
